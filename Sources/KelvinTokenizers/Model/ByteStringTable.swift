import Foundation

/// A hash table from byte strings to ids, with the strings stored back to back in one
/// buffer: the vocabulary of a tokenizer.
///
/// Keys are compared byte for byte (never as Swift `String`s, whose equality is canonical
/// equivalence: `"é"` and `"e\u{301}"` are different tokens). Memory is the bytes of the
/// keys plus 12 bytes per entry and 4 per slot.
struct ByteStringTable: Sendable {
  private(set) var bytes: [UInt8] = []
  /// Start of each entry's key in `bytes` (entry i's key ends where entry i+1's starts).
  private var starts: [Int32] = [0]
  private var values: [Int32] = []
  private var slots: [Int32] = []
  private var mask = 0

  /// The number of entries.
  var count: Int { values.count }

  init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [Int32](repeating: -1, count: size)
    mask = size - 1
  }

  @inline(__always)
  static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
    // FNV-1a, folded: keys are short (a token), so a simple byte loop is fastest.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return Int(truncatingIfNeeded: hash ^ (hash >> 29))
  }

  /// The key of entry `entry`.
  func key(at entry: Int) -> ArraySlice<UInt8> {
    bytes[Int(starts[entry])..<Int(starts[entry + 1])]
  }

  /// The value of `key`, or nil.
  @inline(__always)
  func value(for key: UnsafeBufferPointer<UInt8>) -> Int32? {
    var slot = Self.hash(key) & mask
    return bytes.withUnsafeBufferPointer { stored in
      while true {
        let entry = Int(slots[slot])
        if entry < 0 { return nil }
        let start = Int(starts[entry])
        let length = Int(starts[entry + 1]) - start
        if length == key.count {
          guard length > 0, let base = stored.baseAddress, let other = key.baseAddress else {
            return values[entry]
          }
          if memcmp(base + start, other, length) == 0 { return values[entry] }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  /// The value of `key`, or nil.
  func value(for key: [UInt8]) -> Int32? {
    key.withUnsafeBufferPointer { value(for: $0) }
  }

  /// Inserts `key` with `value`, or replaces the value of an equal key (the last wins, as
  /// a Rust `HashMap` built from a list).
  ///
  /// - Returns: Whether the key was new.
  @discardableResult
  mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int32) -> Bool {
    if (values.count + 1) * 2 > slots.count { grow() }
    var slot = Self.hash(key) & mask
    while true {
      let entry = Int(slots[slot])
      if entry < 0 { break }
      let start = Int(starts[entry])
      if Int(starts[entry + 1]) - start == key.count,
        bytes[start..<start + key.count].elementsEqual(key)
      {
        values[entry] = value
        return false
      }
      slot = (slot + 1) & mask
    }
    slots[slot] = Int32(values.count)
    bytes.append(contentsOf: key)
    starts.append(Int32(bytes.count))
    values.append(value)
    return true
  }

  /// Inserts `key` with `value` (see ``insert(_:value:)-(UnsafeBufferPointer<UInt8>,_)``).
  @discardableResult
  mutating func insert(_ key: [UInt8], value: Int32) -> Bool {
    key.withUnsafeBufferPointer { insert($0, value: value) }
  }

  private mutating func grow() {
    let size = slots.count * 2
    slots = [Int32](repeating: -1, count: size)
    mask = size - 1
    bytes.withUnsafeBufferPointer { stored in
      for entry in 0..<values.count {
        let start = Int(starts[entry])
        let key = UnsafeBufferPointer(
          rebasing: stored[start..<Int(starts[entry + 1])])
        var slot = Self.hash(key) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
      }
    }
  }

  /// Every entry, as (key, value), in insertion order.
  func forEach(_ body: (ArraySlice<UInt8>, Int32) throws -> Void) rethrows {
    for entry in 0..<values.count { try body(key(at: entry), values[entry]) }
  }
}
