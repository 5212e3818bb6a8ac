#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few POSIX calls KelvinIO makes, in one place, so that no other file imports a platform
/// module.
enum SystemCalls {
  static func open(_ path: String, flags: Int32, mode: UInt32 = 0) -> Int32 {
    #if canImport(Darwin)
      return Darwin.open(path, flags, mode_t(mode))
    #else
      return Glibc.open(path, flags, mode_t(mode))
    #endif
  }

  static var readOnly: Int32 { O_RDONLY | O_CLOEXEC }

  static func close(_ descriptor: Int32) { _ = systemClose(descriptor) }

  /// The size and kind of an open file.
  static func status(_ descriptor: Int32) -> (size: Int, isDirectory: Bool, isRegular: Bool)? {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    let type = info.st_mode & S_IFMT
    return (Int(info.st_size), type == S_IFDIR, type == S_IFREG)
  }

  /// Reads up to `count` bytes at `offset`; returns the number read, or -1 with `errno` set.
  static func read(
    _ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int, offset: Int
  ) -> Int {
    pread(descriptor, buffer, count, off_t(offset))
  }

  /// Reads up to `count` bytes at the current position.
  static func readSequential(
    _ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int
  ) -> Int {
    systemRead(descriptor, buffer, count)
  }

  /// Writes up to `count` bytes; returns the number written, or -1 with `errno` set.
  static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer, count: Int) -> Int {
    systemWrite(descriptor, buffer, count)
  }

  /// Creates a unique file from a template ending in `XXXXXX`; returns the descriptor and path.
  static func makeTemporary(template: String) -> (Int32, String)? {
    var bytes = Array(template.utf8CString)
    let descriptor = bytes.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard descriptor >= 0 else { return nil }
    let path = String(
      decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return (descriptor, path)
  }

  /// Gives a new file the permissions an ordinary `open(…, 0666)` would (0666 less the umask).
  static func applyDefaultPermissions(_ descriptor: Int32) {
    let mask = umask(0o022)
    umask(mask)
    _ = fchmod(descriptor, mode_t(0o666) & ~mask)
  }

  static func rename(_ from: String, _ to: String) -> Bool { systemRename(from, to) == 0 }

  static func unlink(_ path: String) { _ = systemUnlink(path) }

  static var errorNumber: Int32 { errno }

  static var noSuchFile: Int32 { ENOENT }
  static var interrupted: Int32 { EINTR }

  static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// What a path is, without following a final symbolic link.
  enum Kind: Equatable {
    case missing, regular, directory, symbolicLink, characterDevice, blockDevice, fifo, socket
  }

  /// The kind, identity (device, inode), permission bits and owner of a path; `follow`
  /// decides whether a final symbolic link is followed.
  static func inspect(_ path: String, follow: Bool) -> (
    kind: Kind, identity: (UInt64, UInt64), mode: UInt32, owner: (UInt32, UInt32)
  ) {
    var info = stat()
    let result = follow ? stat(path, &info) : lstat(path, &info)
    guard result == 0 else { return (.missing, (0, 0), 0, (0, 0)) }
    let kind: Kind
    switch info.st_mode & S_IFMT {
    case S_IFREG: kind = .regular
    case S_IFDIR: kind = .directory
    case S_IFLNK: kind = .symbolicLink
    case S_IFCHR: kind = .characterDevice
    case S_IFBLK: kind = .blockDevice
    case S_IFIFO: kind = .fifo
    default: kind = .socket
    }
    return (
      kind, (UInt64(info.st_dev), UInt64(info.st_ino)), UInt32(info.st_mode & 0o7777),
      (UInt32(info.st_uid), UInt32(info.st_gid))
    )
  }

  /// The target of a symbolic link, as stored in it.
  static func linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Gives an open file the permission bits and, where permitted, the owner of another.
  static func copyAttributes(to descriptor: Int32, mode: UInt32, owner: (UInt32, UInt32)) {
    _ = fchown(descriptor, uid_t(owner.0), gid_t(owner.1))  // refused unless permitted: fine
    _ = fchmod(descriptor, mode_t(mode))
  }

  /// Flushes a file's data and metadata to the disk.
  static func synchronize(_ descriptor: Int32) -> Bool { fsync(descriptor) == 0 }

  /// Flushes a folder's entries (a rename) to the disk.
  static func synchronizeFolder(_ path: String) {
    let descriptor = open(path.isEmpty ? "." : path, flags: O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }

  /// The names in a folder.
  static func names(in folder: String) -> [String] {
    guard let directory = opendir(folder.isEmpty ? "." : folder) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      names.append(name)
    }
    return names
  }

  /// Whether a process with this id exists.
  static func processExists(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }

  /// This process's id.
  static var processID: Int32 { getpid() }

  /// Ends the process at once, without running exit handlers (from a signal handler).
  static func exitImmediately(_ code: Int32) -> Never { _exit(code) }

  /// Writes bytes to standard error, ignoring failures.
  static func writeError(_ text: String) {
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      _ = systemWrite(2, base, raw.count)
    }
  }
}

// Free functions so that the names inside `SystemCalls` do not shadow the C library's.
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int)
  -> Int
{ read(descriptor, buffer, count) }
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, buffer, count)
}
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
private func systemUnlink(_ path: String) -> Int32 { unlink(path) }
