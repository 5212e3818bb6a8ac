/// Text cut into pieces, which pre-tokenizers cut further.
///
/// It holds scalars (each with the index of the input scalar it came from) and the ranges
/// of the pieces, in order, none empty.
struct PieceBuffer: Sendable {
  var scalars: [UInt32] = []
  var origins: [Int32] = []
  var pieces: [Range<Int>] = []

  /// Removes everything, keeping the storage.
  mutating func removeAll() {
    scalars.removeAll(keepingCapacity: true)
    origins.removeAll(keepingCapacity: true)
    pieces.removeAll(keepingCapacity: true)
  }

  /// Appends a piece (ignored when empty) made of `scalars` from `origins`.
  mutating func append<S: Collection, O: Collection>(_ newScalars: S, origins newOrigins: O)
  where S.Element == UInt32, O.Element == Int32 {
    guard !newScalars.isEmpty else { return }
    let start = scalars.count
    scalars.append(contentsOf: newScalars)
    origins.append(contentsOf: newOrigins)
    pieces.append(start..<scalars.count)
  }
}
