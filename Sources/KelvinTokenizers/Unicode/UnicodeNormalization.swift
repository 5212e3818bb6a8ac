/// Unicode normalization forms (UAX #15) over scalars, each output scalar carrying the index
/// of the input scalar it came from.
///
/// The decompositions, combining classes and compositions are those of Hugging Face
/// `tokenizers` (see ``UnicodeTables``), so the result is theirs scalar for scalar.
enum UnicodeNormalization: Sendable {
  /// Canonical composition (`NFC`).
  case nfc
  /// Compatibility composition (`NFKC`).
  case nfkc
  /// Canonical decomposition (`NFD`).
  case nfd
  /// Compatibility decomposition (`NFKD`).
  case nfkd

  private static let hangulBase: UInt32 = 0xAC00
  private static let leadBase: UInt32 = 0x1100
  private static let vowelBase: UInt32 = 0x1161
  private static let trailBase: UInt32 = 0x11A7
  private static let vowelCount: UInt32 = 21
  private static let trailCount: UInt32 = 28
  private static let syllableCount: UInt32 = 11172

  /// Normalizes `text`, keeping `origins` (one per scalar) aligned.
  ///
  /// - Complexity: O(n) for text below U+0300 (NFC) or U+00A0 (the other forms), which is
  ///   returned as it is; otherwise O(n log k) for runs of k combining marks.
  func apply(to text: inout [UInt32], origins: inout [Int32], tables: UnicodeTables) {
    let limit: UInt32 = self == .nfc ? 0x300 : 0xA0
    guard text.contains(where: { $0 >= limit }) else { return }
    let compatible = self == .nfkc || self == .nfkd
    var scalars: [UInt32] = []
    var from: [Int32] = []
    scalars.reserveCapacity(text.count + text.count / 4)
    from.reserveCapacity(text.count + text.count / 4)
    for (index, scalar) in text.enumerated() {
      let origin = origins[index]
      if scalar >= Self.hangulBase, scalar < Self.hangulBase + Self.syllableCount {
        let s = scalar - Self.hangulBase
        scalars.append(Self.leadBase + s / (Self.vowelCount * Self.trailCount))
        scalars.append(Self.vowelBase + (s % (Self.vowelCount * Self.trailCount)) / Self.trailCount)
        from.append(origin)
        from.append(origin)
        if s % Self.trailCount != 0 {
          scalars.append(Self.trailBase + s % Self.trailCount)
          from.append(origin)
        }
        continue
      }
      if scalar < 0xA0 {
        scalars.append(scalar)
        from.append(origin)
        continue
      }
      let count = tables.appendDecomposition(of: scalar, compatible: compatible, to: &scalars)
      for _ in 0..<count { from.append(origin) }
    }
    Self.reorder(&scalars, &from, tables: tables)
    if self == .nfc || self == .nfkc { Self.compose(&scalars, &from, tables: tables) }
    text = scalars
    origins = from
  }

  /// Canonical ordering: a stable sort of each run of non-starters by combining class.
  private static func reorder(
    _ scalars: inout [UInt32], _ from: inout [Int32], tables: UnicodeTables
  ) {
    var index = 0
    while index < scalars.count {
      guard tables.combiningClass(scalars[index]) != 0 else {
        index += 1
        continue
      }
      var end = index
      while end < scalars.count, tables.combiningClass(scalars[end]) != 0 { end += 1 }
      if end - index > 1 {
        // Insertion sort: runs are short, and it is stable.
        for i in (index + 1)..<end {
          let scalar = scalars[i]
          let origin = from[i]
          let key = tables.combiningClass(scalar)
          var j = i
          while j > index, tables.combiningClass(scalars[j - 1]) > key {
            scalars[j] = scalars[j - 1]
            from[j] = from[j - 1]
            j -= 1
          }
          scalars[j] = scalar
          from[j] = origin
        }
      }
      index = end
    }
  }

  /// Canonical composition of decomposed, ordered text.
  private static func compose(
    _ scalars: inout [UInt32], _ from: inout [Int32], tables: UnicodeTables
  ) {
    var output = 0
    var starter: Int? = nil
    // The class of the last scalar kept after the starter, or nil when none is between.
    var lastClass: UInt8? = nil
    for index in 0..<scalars.count {
      let scalar = scalars[index]
      let klass = tables.combiningClass(scalar)
      if let starter, lastClass.map({ $0 < klass }) ?? true {
        let first = scalars[starter]
        var composite: UInt32? = nil
        if first >= leadBase, first < leadBase + 19, scalar >= vowelBase,
          scalar < vowelBase + vowelCount
        {
          composite =
            hangulBase + ((first - leadBase) * vowelCount + (scalar - vowelBase)) * trailCount
        } else if first >= hangulBase, first < hangulBase + syllableCount,
          (first - hangulBase) % trailCount == 0, scalar > trailBase,
          scalar < trailBase + trailCount
        {
          composite = first + (scalar - trailBase)
        } else {
          composite = tables.composition(first, scalar)
        }
        if let composite {
          scalars[starter] = composite
          continue
        }
      }
      if klass == 0 {
        starter = output
        lastClass = nil
      } else {
        lastClass = klass
      }
      scalars[output] = scalar
      from[output] = from[index]
      output += 1
    }
    scalars.removeLast(scalars.count - output)
    from.removeLast(from.count - output)
  }
}
