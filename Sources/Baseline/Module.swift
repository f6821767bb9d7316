/// Baseline: run summaries, the run history behind one `HistoryStore` protocol (an embedded SQLite
/// file by default; a shared PostgreSQL store follows), robust statistics and regression verdicts.
///
/// It exists so that a pipeline fails when a phase got slower for real, and only then: one noisy CI
/// run compared with the previous one gives false alarms; a median and MAD over a window of runs does not.
enum BaselineModule {}
