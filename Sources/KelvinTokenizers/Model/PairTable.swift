/// A hash table from pairs of token ids to a merge's rank and result: the merges of a BPE
/// model, looked up once per pair of neighbouring symbols.
///
/// Open addressing on `first << 32 | second` with a multiplicative hash: faster than
/// `Dictionary`, whose keys go through SipHash.
struct PairTable: Sendable {
  private var keys: [UInt64]
  private var values: [UInt64]
  private var mask: Int
  private(set) var count = 0
  private static let empty = UInt64.max

  init(capacity: Int) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [UInt64](repeating: Self.empty, count: size)
    values = [UInt64](repeating: 0, count: size)
    mask = size - 1
  }

  @inline(__always)
  private func slot(of key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
  }

  /// The rank and result of merging `first` and `second`, or nil.
  @inline(__always)
  func merge(_ first: Int32, _ second: Int32) -> (rank: Int32, result: Int32)? {
    let key = UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    var index = slot(of: key)
    while true {
      let found = keys[index]
      if found == key {
        let value = values[index]
        return (Int32(truncatingIfNeeded: value >> 32), Int32(truncatingIfNeeded: value))
      }
      if found == Self.empty { return nil }
      index = (index + 1) & mask
    }
  }

  /// Sets the merge of `first` and `second` (an earlier one for the same pair is replaced:
  /// the last wins, as in `tokenizers`).
  mutating func set(_ first: Int32, _ second: Int32, rank: Int32, result: Int32) {
    if (count + 1) * 2 > keys.count { grow() }
    let key = UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    var index = slot(of: key)
    while keys[index] != Self.empty, keys[index] != key { index = (index + 1) & mask }
    if keys[index] == Self.empty { count += 1 }
    keys[index] = key
    values[index] = UInt64(UInt32(bitPattern: rank)) << 32 | UInt64(UInt32(bitPattern: result))
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    let size = keys.count * 2
    keys = [UInt64](repeating: Self.empty, count: size)
    values = [UInt64](repeating: 0, count: size)
    mask = size - 1
    for (key, value) in zip(oldKeys, oldValues) where key != Self.empty {
      var index = slot(of: key)
      while keys[index] != Self.empty { index = (index + 1) & mask }
      keys[index] = key
      values[index] = value
    }
  }
}
