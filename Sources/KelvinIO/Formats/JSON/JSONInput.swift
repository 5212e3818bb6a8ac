/// The bytes a JSON cursor reads, one at a time, forward only.
protocol JSONInput {
  /// The offset of the current byte from the start of the document.
  var offset: Int { get }
  /// The current byte, or `nil` at the end.
  mutating func current() throws -> UInt8?
  /// Moves past the current byte.
  mutating func advance()
}

/// A document already in memory.
struct ArrayInput: JSONInput {
  let bytes: [UInt8]
  var offset = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  func current() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

  mutating func advance() { offset += 1 }
}

/// A document in a file, read through a window of one block: memory stays one block however
/// long the document is.
struct FileInput: JSONInput {
  let file: InputFile
  var window: [UInt8] = []
  var windowStart: Int
  var offset: Int

  static let blockSize = 1 << 20

  /// Reads from `offset` on.
  init(_ file: InputFile, from offset: Int = 0) {
    self.file = file
    self.offset = offset
    self.windowStart = offset
  }

  mutating func current() throws -> UInt8? {
    let index = offset - windowStart
    if index < window.count { return window[index] }
    guard offset < file.size else { return nil }
    window = try file.bytes(at: offset, count: min(Self.blockSize, file.size - offset))
    windowStart = offset
    return window[0]
  }

  mutating func advance() { offset += 1 }
}
