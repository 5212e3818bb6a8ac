/// A stable least-significant-digit radix sort of `UInt64` keys by their upper 32 bits, with
/// its working storage kept between calls, so that sorting allocates nothing once the storage
/// has grown.
///
/// The samplers sort a few thousand candidates by logit on every token; packing each as
/// `orderedKey(logit) << 32 | position` and sorting by the upper word keeps ties in position
/// order (stability), which is the tie rule (lower token id) when positions follow token ids.
/// Four passes of 8 bits; a pass is skipped when every key has the same digit there, which is
/// common for the top byte of nearby floats.
///
/// (The digit counts live in this storage rather than in `withUnsafeTemporaryAllocation`:
/// with that, the optimised build of this code crashed on Swift 6.3 for Linux.)
package struct RadixSorter: Sendable {
  private var buffer: [UInt64] = []
  private var counts = [Int](repeating: 0, count: 4 * 256)

  /// Creates a sorter with empty storage.
  package init() {}

  /// Sorts the first `count` elements of `keys` stably by `key >> 32`, ascending.
  ///
  /// - Complexity: O(n) time: one counting pass and at most four scattering passes; O(n)
  ///   storage, grown once.
  package mutating func sortByHighWord(_ keys: UnsafeMutableBufferPointer<UInt64>, count: Int) {
    precondition(count <= keys.count)
    guard count > 1, let keyBase = keys.baseAddress else { return }
    if buffer.count < count { buffer = [UInt64](repeating: 0, count: count) }
    buffer.withUnsafeMutableBufferPointer { scratch in
      counts.withUnsafeMutableBufferPointer { counts in
        guard let bufferBase = scratch.baseAddress else { return }
        Self.sort(keyBase, count: count, buffer: bufferBase, counts: counts)
      }
    }
  }

  private static func sort(
    _ keyBase: UnsafeMutablePointer<UInt64>, count: Int, buffer: UnsafeMutablePointer<UInt64>,
    counts: UnsafeMutableBufferPointer<Int>
  ) {
    counts.update(repeating: 0)
    for index in 0..<count {
      let high = keyBase[index] >> 32
      counts[Int(high & 0xFF)] += 1
      counts[256 + Int((high >> 8) & 0xFF)] += 1
      counts[512 + Int((high >> 16) & 0xFF)] += 1
      counts[768 + Int(high >> 24)] += 1
    }
    var source = keyBase
    var target = buffer
    for pass in 0..<4 {
      let base = pass * 256
      let shift = UInt64(32 + 8 * pass)
      // Every key has the same digit here: the pass would not move anything.
      if counts[base + Int((source[0] >> shift) & 0xFF)] == count { continue }
      var offset = 0
      for digit in 0..<256 {
        let size = counts[base + digit]
        counts[base + digit] = offset
        offset += size
      }
      for index in 0..<count {
        let key = source[index]
        let digit = base + Int((key >> shift) & 0xFF)
        target[counts[digit]] = key
        counts[digit] += 1
      }
      swap(&source, &target)
    }
    if source != keyBase {
      keyBase.update(from: source, count: count)
    }
  }

  /// The `Float`s in ascending order as unsigned integers, `-0.0` and `+0.0` equal (both map
  /// to `+0.0`'s key); NaN is never expected.
  @inlinable
  package static func orderedKey(_ value: Float) -> UInt32 {
    let canonical = value == 0 ? 0 : value
    return canonical.sign == .minus
      ? ~canonical.bitPattern : canonical.bitPattern | 0x8000_0000
  }

  /// The inverse of ``orderedKey(_:)`` (zero comes back as `+0.0`).
  @inlinable
  package static func float(orderedKey key: UInt32) -> Float {
    Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
  }
}
