/// LogModel: the plain values every other module passes around (events, phases, loops, outcomes),
/// with no dependencies, so that reporters can render any of them.
enum LogModelModule {}
