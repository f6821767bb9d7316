/// LogScan: reads logs as streams of lines in bounded memory, recognises each line's format and clock,
/// and turns matching lines into events through a literal prefilter and PCRE2.
enum LogScanModule {}
