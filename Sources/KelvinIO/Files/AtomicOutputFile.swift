/// An output file that appears at its path only when complete.
///
/// Bytes go to a temporary file beside the destination (`.NAME.XXXXXX.tmp`, same folder, so
/// the final `rename` is atomic); ``commit()`` renames it into place. If the writer is
/// discarded without committing — an error, a crash of the computation — the temporary file is
/// removed, so a failure leaves no partial file and never replaces an existing good one.
public final class AtomicOutputFile {
  /// The destination path.
  public let path: String
  let temporaryPath: String
  let descriptor: Int32
  var buffer: [UInt8] = []
  var isOpen = true
  /// Bytes written so far.
  public private(set) var byteCount = 0

  static let bufferCapacity = 1 << 20

  /// Creates the temporary file beside `path`.
  ///
  /// - Throws: ``KelvinIOError`` `.io` when `path` is a directory or its folder does not exist
  ///   or is not writable.
  public init(path: String) throws {
    guard !SystemCalls.isDirectory(path) else {
      throw KelvinIOError(.io, path: path, "is a directory; give a file name for the output")
    }
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard
      let (descriptor, temporaryPath) = SystemCalls.makeTemporary(
        template: folder + "." + name + ".XXXXXX")
    else {
      throw KelvinIOError(
        .io, path: path,
        "cannot create the output: \(SystemCalls.describe(SystemCalls.errorNumber).lowercased())")
    }
    SystemCalls.applyDefaultPermissions(descriptor)
    self.path = path
    self.temporaryPath = temporaryPath
    self.descriptor = descriptor
    buffer.reserveCapacity(Self.bufferCapacity)
  }

  deinit {
    if isOpen {
      SystemCalls.close(descriptor)
      SystemCalls.unlink(temporaryPath)
    }
  }

  /// Appends bytes.
  ///
  /// - Throws: ``KelvinIOError`` `.io` when the system write fails (a full disk).
  public func write(_ bytes: some Collection<UInt8>) throws {
    buffer.append(contentsOf: bytes)
    byteCount += bytes.count
    if buffer.count >= Self.bufferCapacity { try flush() }
  }

  /// Appends the UTF-8 bytes of `text`.
  public func write(_ text: String) throws { try write(text.utf8) }

  /// Appends the raw bytes of `buffer`.
  public func write(_ raw: UnsafeRawBufferPointer) throws {
    if buffer.count + raw.count > Self.bufferCapacity { try flush() }
    if raw.count >= Self.bufferCapacity {
      try writeFully(raw)
    } else {
      buffer.append(contentsOf: raw)
    }
    byteCount += raw.count
  }

  /// Writes what is buffered, then renames the file into place.
  ///
  /// - Throws: ``KelvinIOError`` `.io`; the temporary file is removed.
  public func commit() throws {
    try flush()
    isOpen = false
    SystemCalls.close(descriptor)
    guard SystemCalls.rename(temporaryPath, path) else {
      let reason = SystemCalls.describe(SystemCalls.errorNumber).lowercased()
      SystemCalls.unlink(temporaryPath)
      throw KelvinIOError(.io, path: path, "cannot move the output into place: \(reason)")
    }
  }

  func flush() throws {
    guard !buffer.isEmpty else { return }
    try buffer.withUnsafeBytes { try writeFully($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  func writeFully(_ raw: UnsafeRawBufferPointer) throws {
    guard let base = raw.baseAddress else { return }
    var done = 0
    while done < raw.count {
      let count = SystemCalls.write(descriptor, base + done, count: raw.count - done)
      if count < 0 {
        if SystemCalls.errorNumber == SystemCalls.interrupted { continue }
        throw KelvinIOError(
          .io, path: path,
          "write failed: \(SystemCalls.describe(SystemCalls.errorNumber).lowercased())")
      }
      done += count
    }
  }
}
