/// Reporting: renders timelines, check results and gate verdicts as text, JSON, JUnit, Markdown and more.
enum ReportingModule {}
