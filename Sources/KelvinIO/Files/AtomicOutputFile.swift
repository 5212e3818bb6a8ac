/// An output file that appears at its path only when complete.
///
/// Bytes go to a temporary file beside the destination (`.NAME.kelvin-PID.XXXXXX`, same
/// folder, so the final `rename` is atomic); ``commit()`` flushes it to the disk (`fsync`),
/// renames it into place and flushes the folder, so the file is there whole even after a power
/// loss. If the writer is discarded without committing — an error, a crash of the computation
/// — the temporary file is removed, so a failure leaves no partial file and never replaces an
/// existing good one; on SIGINT, SIGTERM and SIGHUP ``removeUnfinished()`` removes every
/// temporary file in progress. Only SIGKILL (or a power loss) can leave one behind; the next
/// output to the same path removes those of processes that no longer run.
///
/// The destination:
/// - a symbolic link is written through: its target is replaced (atomically), the link stays;
/// - an existing file keeps its permission bits and, where permitted, its owner;
/// - a directory, a device, a FIFO or a socket is refused, named as such;
/// - a path that is one of `inputs` (the same file, through any link or hard link) is refused,
///   so an output never overwrites what it is computed from.
public final class AtomicOutputFile {
  /// The destination path as given.
  public let path: String
  /// The file actually replaced: `path`, or the target of the symbolic link at `path`.
  public let destination: String
  let temporaryPath: String
  let descriptor: Int32
  var buffer: [UInt8] = []
  var isOpen = true
  /// Bytes written so far.
  public private(set) var byteCount = 0

  static let bufferCapacity = 1 << 20

  /// Creates the temporary file beside the destination.
  ///
  /// - Parameters:
  ///   - path: The output.
  ///   - inputs: Files the output must not be (the command's inputs).
  /// - Throws: ``KelvinIOError`` `.io` when the path is a directory, a device, a FIFO or a
  ///   socket, is one of `inputs`, or its folder does not exist or is not writable.
  public init(path: String, inputs: [String] = []) throws {
    let destination = try Self.resolve(path)
    let target = SystemCalls.inspect(destination, follow: false)
    switch target.kind {
    case .missing, .regular: break
    case .directory:
      throw KelvinIOError(.io, path: path, "is a directory; give a file name for the output")
    case .symbolicLink:
      throw KelvinIOError(.io, path: path, "is a chain of symbolic links too long to follow")
    case .characterDevice, .blockDevice:
      throw KelvinIOError(.io, path: path, "is a device, not a regular file for the output")
    case .fifo: throw KelvinIOError(.io, path: path, "is a FIFO, not a regular file for the output")
    case .socket:
      throw KelvinIOError(.io, path: path, "is a socket, not a regular file for the output")
    }
    if target.kind == .regular {
      for input in inputs where input != "-" {
        let other = SystemCalls.inspect(input, follow: true)
        guard other.kind != .regular || other.identity != target.identity else {
          throw KelvinIOError(
            .io, path: path,
            "is the input \(input); writing it would destroy what it is computed from")
        }
      }
    }
    let slash = destination.lastIndex(of: "/")
    let folder = slash.map { String(destination[...$0]) } ?? ""
    let name = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
    Self.removeStale(folder: folder, name: name)
    let prefix = "." + name + ".kelvin-\(SystemCalls.processID)."
    guard
      let (descriptor, temporaryPath) = SystemCalls.makeTemporary(
        template: folder + prefix + "XXXXXX")
    else {
      throw KelvinIOError(
        .io, path: path,
        "cannot create the output: \(SystemCalls.describe(SystemCalls.errorNumber).lowercased())")
    }
    if target.kind == .regular {
      SystemCalls.copyAttributes(to: descriptor, mode: target.mode, owner: target.owner)
    } else {
      SystemCalls.applyDefaultPermissions(descriptor)
    }
    self.path = path
    self.destination = destination
    self.temporaryPath = temporaryPath
    self.descriptor = descriptor
    buffer.reserveCapacity(Self.bufferCapacity)
    UnfinishedOutputs.shared.add(temporaryPath)
  }

  deinit {
    if isOpen {
      SystemCalls.close(descriptor)
      SystemCalls.unlink(temporaryPath)
      UnfinishedOutputs.shared.remove(temporaryPath)
    }
  }

  /// The file a path names for writing: the path, or, through symbolic links at its final
  /// component, the file they point to (at most 32 links).
  static func resolve(_ path: String) throws -> String {
    var current = path
    for _ in 0..<32 {
      guard SystemCalls.inspect(current, follow: false).kind == .symbolicLink else {
        return current
      }
      guard let target = SystemCalls.linkTarget(current) else {
        throw KelvinIOError(.io, path: path, "is a symbolic link that cannot be read")
      }
      if target.hasPrefix("/") {
        current = target
      } else {
        let slash = current.lastIndex(of: "/")
        current = (slash.map { String(current[...$0]) } ?? "") + target
      }
    }
    return current
  }

  /// Removes temporary files of earlier outputs to `name` whose process no longer runs (left
  /// by SIGKILL or a power loss).
  static func removeStale(folder: String, name: String) {
    let prefix = "." + name + ".kelvin-"
    for entry in SystemCalls.names(in: folder) where entry.hasPrefix(prefix) {
      let rest = entry.dropFirst(prefix.count)
      guard let dot = rest.firstIndex(of: "."), let pid = Int32(rest[..<dot]),
        rest.distance(from: dot, to: rest.endIndex) == 7, !SystemCalls.processExists(pid)
      else { continue }
      SystemCalls.unlink(folder + entry)
    }
  }

  /// Removes the temporary file of every output still in progress, from a signal handler: it
  /// takes no lock and allocates nothing.
  public static func removeUnfinished() { UnfinishedOutputs.shared.removeAll() }

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

  /// Writes what is buffered, flushes the file to the disk, renames it into place and flushes
  /// the folder.
  ///
  /// - Throws: ``KelvinIOError`` `.io`; the temporary file is removed.
  public func commit() throws {
    try flush()
    guard SystemCalls.synchronize(descriptor) else {
      throw KelvinIOError(
        .io, path: path,
        "cannot flush the output to the disk: \(SystemCalls.describe(SystemCalls.errorNumber).lowercased())"
      )
    }
    isOpen = false
    SystemCalls.close(descriptor)
    defer { UnfinishedOutputs.shared.remove(temporaryPath) }
    guard SystemCalls.rename(temporaryPath, destination) else {
      let reason = SystemCalls.describe(SystemCalls.errorNumber).lowercased()
      SystemCalls.unlink(temporaryPath)
      throw KelvinIOError(.io, path: path, "cannot move the output into place: \(reason)")
    }
    let slash = destination.lastIndex(of: "/")
    SystemCalls.synchronizeFolder(slash.map { String(destination[...$0]) } ?? "")
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
