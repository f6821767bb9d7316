/// Phases: builds operations, phases and polling loops out of events, with stuck verdicts and diagnoses.
enum PhasesModule {}
