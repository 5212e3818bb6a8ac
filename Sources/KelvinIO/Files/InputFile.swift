/// A file opened for reading at arbitrary offsets, so that a reader can fetch one row at a
/// time from a file far larger than memory.
///
/// A regular file is read with `pread`: opening never reads it, and every read checks its
/// bounds against the real size, so a header that claims a size never causes a read past the
/// end or an allocation of that size. Anything read front to back without a size known in
/// advance — standard input (`-`), `/dev/stdin`, a pipe or a FIFO (`<(…)`), a device — is read
/// into memory once, up to a limit (``defaultStreamLimit``, 4 GiB, or the one given), and then
/// read the same way; crossing the limit is an error naming it as soon as it is crossed.
public final class InputFile: @unchecked Sendable {
  // @unchecked: the storage is immutable and pread is safe to call from several threads.

  /// The largest input read without a known size, by default: 4 GiB.
  public static let defaultStreamLimit = 1 << 32

  enum Storage {
    case descriptor(Int32)
    case memory([UInt8])
  }

  /// The path as the user gave it.
  public let path: String
  /// The file's size in bytes.
  public let size: Int
  let storage: Storage

  /// Whether the bytes came from a stream (standard input, a pipe, a device) and are held in
  /// memory.
  public var isStream: Bool {
    if case .memory = storage { return true }
    return false
  }

  /// Opens `path` for reading; `-` is standard input.
  ///
  /// - Parameters:
  ///   - path: The file, or `-`.
  ///   - streamLimit: The most bytes read from a stream.
  /// - Throws: ``KelvinIOError`` `.missingInput` when the file does not exist or cannot be
  ///   opened, `.malformed` when it is a directory or a stream longer than `streamLimit`,
  ///   `.io` when reading fails.
  public init(path: String, streamLimit: Int = InputFile.defaultStreamLimit) throws {
    self.path = path
    if path == "-" {
      let bytes = try Self.readAll(0, path: path, limit: streamLimit)
      size = bytes.count
      storage = .memory(bytes)
      return
    }
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
    if status.isRegular {
      size = status.size
      storage = .descriptor(descriptor)
    } else {
      defer { SystemCalls.close(descriptor) }
      let bytes = try Self.readAll(descriptor, path: path, limit: streamLimit)
      size = bytes.count
      storage = .memory(bytes)
    }
  }

  /// A file whose bytes are already in memory (for tests and in-process callers).
  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.size = bytes.count
    self.storage = .memory(bytes)
  }

  deinit {
    if case .descriptor(let descriptor) = storage { SystemCalls.close(descriptor) }
  }

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
    switch storage {
    case .memory(let bytes):
      bytes.withUnsafeBytes { source in
        guard let start = source.baseAddress else { return }
        base.copyMemory(from: start + offset, byteCount: buffer.count)
      }
    case .descriptor(let descriptor):
      var done = 0
      while done < buffer.count {
        let count = SystemCalls.read(
          descriptor, into: base + done, count: buffer.count - done, offset: offset + done)
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
  }

  /// Returns the `count` bytes at `offset`.
  ///
  /// - Throws: As ``read(at:into:)``.
  public func bytes(at offset: Int, count: Int) throws -> [UInt8] {
    guard count >= 0, offset >= 0, offset <= size, count <= size - offset else {
      throw KelvinIOError.malformed(
        path, "unexpected end of file: needs \(count) bytes at offset \(offset), has \(size)")
    }
    if case .memory(let bytes) = storage { return Array(bytes[offset..<(offset + count)]) }
    var bytes = [UInt8](repeating: 0, count: count)
    try bytes.withUnsafeMutableBytes { try read(at: offset, into: $0) }
    return bytes
  }

  /// Every byte of the file.
  ///
  /// - Throws: As ``read(at:into:)``.
  public func contents() throws -> [UInt8] {
    if case .memory(let bytes) = storage { return bytes }
    return try bytes(at: 0, count: size)
  }

  /// Reads a whole file, or standard input when `path` is `-`.
  ///
  /// - Throws: ``KelvinIOError`` as ``init(path:streamLimit:)`` and ``read(at:into:)``.
  public static func contents(of path: String, streamLimit: Int = defaultStreamLimit) throws
    -> [UInt8]
  {
    try InputFile(path: path, streamLimit: streamLimit).contents()
  }

  /// Reads a stream to its end, refusing it as soon as it passes `limit` bytes.
  static func readAll(_ descriptor: Int32, path: String, limit: Int) throws -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { raw in
        raw.baseAddress.map { SystemCalls.readSequential(descriptor, into: $0, count: raw.count) }
          ?? 0
      }
      if count < 0 {
        if SystemCalls.errorNumber == SystemCalls.interrupted { continue }
        throw KelvinIOError(
          .io, path: path, "read failed: \(SystemCalls.describe(SystemCalls.errorNumber))")
      }
      if count == 0 { return bytes }
      guard bytes.count + count <= limit else {
        throw KelvinIOError.malformed(
          path,
          "holds more than \(limit) bytes, the limit for input read without a known size (--max-input-bytes)"
        )
      }
      bytes.append(contentsOf: chunk[0..<count])
    }
  }
}
