import CLI

#if os(Linux)
/// glibc's `mallopt(3)` (its header is not part of the Glibc module).
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD

// Analysis threads allocate and free many blocks of 10 KB to 5 MB (rendered operations, read
// buffers): with glibc's defaults each thread's heap is handed back to the kernel and faulted in
// again over and over. Keep up to 64 MB of free heap per arena, and serve blocks up to 8 MB from
// it (larger ones, like a growing array of a whole log's operations, still get their own mapping,
// which grows without copying).
_ = mallopt(trimThreshold, 64 << 20)
_ = mallopt(mmapThreshold, 8 << 20)
#endif
TKGQA.main()
