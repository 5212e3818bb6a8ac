/// A regular file opened for reading at arbitrary offsets (`pread`), so that a reader can
/// fetch one row at a time from a file far larger than memory.
///
/// Opening never reads the file; every read checks its bounds against the real size, so a
/// header that claims a size never causes a read past the end or an allocation of that size.
public final class InputFile: @unchecked Sendable {
  // @unchecked: the descriptor is immutable and pread is safe to call from several threads.

  /// The path as the user gave it.
  public let path: String
  /// The file's size in bytes.
  public let size: Int
  let descriptor: Int32

  /// Opens `path` for reading.
  ///
  /// - Throws: ``KelvinIOError`` `.missingInput` when the file does not exist or cannot be
  ///   opened, `.malformed` when it is a directory or not a regular file.
  public init(path: String) throws {
    let descriptor = SystemCalls.open(path, flags: SystemCalls.readOnly)
    guard descriptor >= 0 else {
      let code = SystemCalls.errorNumber
      let reason =
        code == SystemCalls.noSuchFile ? "no such file" : SystemCalls.describe(code).lowercased()
      throw KelvinIOError(.missingInput, path: path, "cannot open: \(reason)")
    }
    guard let status = SystemCalls.status(descriptor) else {
      SystemCalls.close(descriptor)
      throw KelvinIOError(.io, path: path, "cannot read the file's size")
    }
    guard !status.isDirectory else {
      SystemCalls.close(descriptor)
      throw KelvinIOError.malformed(path, "is a directory, not a file")
    }
    guard status.isRegular else {
      SystemCalls.close(descriptor)
      throw KelvinIOError.malformed(path, "is not a regular file")
    }
    self.path = path
    self.size = status.size
    self.descriptor = descriptor
  }

  deinit { SystemCalls.close(descriptor) }

  /// Fills `buffer` with the bytes at `offset`.
  ///
  /// - Throws: ``KelvinIOError`` `.malformed` when the range passes the end of the file,
  ///   `.io` when the system read fails.
  public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
    guard offset >= 0, offset <= size, buffer.count <= size - offset else {
      throw KelvinIOError.malformed(
        path,
        "unexpected end of file: needs bytes \(offset)..<\(offset + buffer.count), has \(size)")
    }
    guard let base = buffer.baseAddress else { return }
    var done = 0
    while done < buffer.count {
      let count = SystemCalls.read(
        descriptor, into: base + done, count: buffer.count - done,
        offset: offset + done)
      if count < 0 {
        if SystemCalls.errorNumber == SystemCalls.interrupted { continue }
        throw KelvinIOError(
          .io, path: path, "read failed: \(SystemCalls.describe(SystemCalls.errorNumber))")
      }
      if count == 0 {
        throw KelvinIOError.malformed(path, "the file shrank while being read")
      }
      done += count
    }
  }

  /// Returns the `count` bytes at `offset`.
  ///
  /// - Throws: As ``read(at:into:)``.
  public func bytes(at offset: Int, count: Int) throws -> [UInt8] {
    guard count >= 0, offset >= 0, offset <= size, count <= size - offset else {
      throw KelvinIOError.malformed(
        path, "unexpected end of file: needs \(count) bytes at offset \(offset), has \(size)")
    }
    var bytes = [UInt8](repeating: 0, count: count)
    try bytes.withUnsafeMutableBytes { try read(at: offset, into: $0) }
    return bytes
  }

  /// Reads a whole file, or standard input when `path` is `-`.
  ///
  /// - Throws: ``KelvinIOError`` as ``init(path:)`` and ``read(at:into:)``.
  public static func contents(of path: String) throws -> [UInt8] {
    if path == "-" { return try standardInput() }
    let file = try InputFile(path: path)
    return try file.bytes(at: 0, count: file.size)
  }

  static func standardInput() throws -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { raw in
        raw.baseAddress.map { SystemCalls.readSequential(0, into: $0, count: raw.count) } ?? 0
      }
      if count < 0 {
        if SystemCalls.errorNumber == SystemCalls.interrupted { continue }
        throw KelvinIOError(
          .io, path: "-", "read failed: \(SystemCalls.describe(SystemCalls.errorNumber))")
      }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[0..<count])
    }
  }
}
