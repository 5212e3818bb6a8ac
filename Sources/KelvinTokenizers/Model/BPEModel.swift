/// A byte-pair-encoding model as Hugging Face `tokenizers` runs it (`models/bpe/model.rs`):
/// a vocabulary, merges by rank, an unknown token, byte fallback, affixes.
///
/// A word (one pre-tokenized piece) starts as one symbol per scalar: the vocabulary's id for
/// the scalar's UTF-8 text (with ``continuingSubwordPrefix`` after the first scalar and
/// ``endOfWordSuffix`` on the last); without one, the `<0xHH>` tokens of its bytes when
/// ``byteFallback`` is on and all exist, else the unknown token (consecutive ones fused into
/// one when ``fusesUnknown``), else nothing. Then the neighbouring pair of lowest rank is
/// merged, the leftmost first among equals, until no pair has a merge.
struct BPEModel: Sendable {
  /// Token text (UTF-8) → id.
  var vocabulary: ByteStringTable
  /// id → entry of ``vocabulary`` (or -1 for an id no token has).
  var entries: [Int32]
  var merges: PairTable
  var unknownToken: [UInt8]?
  var continuingSubwordPrefix: [UInt8]?
  var endOfWordSuffix: [UInt8]?
  var fusesUnknown = false
  var byteFallback = false
  var ignoresMerges = false
  /// The ids of `<0x00>` … `<0xFF>` (-1 where missing).
  private var byteTokens = [Int32](repeating: -1, count: 256)
  /// Ids of single-scalar tokens below U+3000 (-1 where none), without and with the prefix.
  private var scalarTokens: [Int32] = []
  private var prefixedScalarTokens: [Int32] = []

  static let denseScalars = 0x3000

  init(
    vocabulary: ByteStringTable, entries: [Int32], merges: PairTable, unknownToken: [UInt8]?,
    continuingSubwordPrefix: [UInt8]?, endOfWordSuffix: [UInt8]?, fusesUnknown: Bool,
    byteFallback: Bool, ignoresMerges: Bool
  ) {
    self.vocabulary = vocabulary
    self.entries = entries
    self.merges = merges
    self.unknownToken = unknownToken
    self.continuingSubwordPrefix = continuingSubwordPrefix
    self.endOfWordSuffix = endOfWordSuffix
    self.fusesUnknown = fusesUnknown
    self.byteFallback = byteFallback
    self.ignoresMerges = ignoresMerges
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in 0..<256 {
      let name: [UInt8] = Array("<0x".utf8) + [hex[byte >> 4], hex[byte & 15], UInt8(ascii: ">")]
      byteTokens[byte] = vocabulary.value(for: name) ?? -1
    }
    scalarTokens = Self.denseTable(vocabulary, prefix: [])
    if let continuingSubwordPrefix {
      prefixedScalarTokens = Self.denseTable(vocabulary, prefix: continuingSubwordPrefix)
    }
  }

  private static func denseTable(_ vocabulary: ByteStringTable, prefix: [UInt8]) -> [Int32] {
    var table = [Int32](repeating: -1, count: denseScalars)
    var key = prefix
    for value in 0..<UInt32(denseScalars) {
      guard let scalar = Unicode.Scalar(value) else { continue }
      key.removeLast(key.count - prefix.count)
      key.append(contentsOf: String(Character(scalar)).utf8)
      table[Int(value)] = vocabulary.value(for: key) ?? -1
    }
    return table
  }

  /// The number of ids (one more than the largest).
  var idCount: Int { entries.count }

  /// The text of token `id`, or nil.
  func token(_ id: Int) -> ArraySlice<UInt8>? {
    guard id >= 0, id < entries.count, entries[id] >= 0 else { return nil }
    return vocabulary.key(at: Int(entries[id]))
  }

  /// The work space of ``appendTokens(of:to:scratch:)``.
  struct Scratch {
    var ids: [Int32] = []
    var previous: [Int32] = []
    var next: [Int32] = []
    var heap: [UInt64] = []
    var key: [UInt8] = []
  }

  /// Appends the ids of `word` (scalars) to `output`.
  ///
  /// - Throws: ``TokenizerError/malformed(file:at:_:)`` when a scalar needs the unknown token
  ///   and the vocabulary does not have it.
  /// - Complexity: O(n log n) for a word of n scalars.
  func appendTokens(
    of word: UnsafeBufferPointer<UInt32>, to output: inout [Int32], scratch: inout Scratch
  ) throws(TokenizerError) {
    guard !word.isEmpty else { return }
    if ignoresMerges {
      scratch.key.removeAll(keepingCapacity: true)
      appendUTF8(word, to: &scratch.key)
      if let id = vocabulary.value(for: scratch.key) {
        output.append(id)
        return
      }
    }
    var ids = scratch.ids
    ids.removeAll(keepingCapacity: true)
    defer { scratch.ids = ids }
    var pendingUnknown = false
    var unknownID: Int32 = -1
    func flushUnknown() {
      if pendingUnknown {
        ids.append(unknownID)
        pendingUnknown = false
      }
    }
    for (index, scalar) in word.enumerated() {
      let first = index == 0
      let last = index == word.count - 1
      var id: Int32 = -1
      let dense = Int(scalar) < Self.denseScalars && !(last && endOfWordSuffix != nil)
      if dense, first || continuingSubwordPrefix == nil {
        id = scalarTokens[Int(scalar)]
      } else if dense {
        id = prefixedScalarTokens[Int(scalar)]
      } else {
        scratch.key.removeAll(keepingCapacity: true)
        if !first, let continuingSubwordPrefix {
          scratch.key.append(contentsOf: continuingSubwordPrefix)
        }
        appendUTF8(UnsafeBufferPointer(rebasing: word[index...index]), to: &scratch.key)
        if last, let endOfWordSuffix { scratch.key.append(contentsOf: endOfWordSuffix) }
        id = vocabulary.value(for: scratch.key) ?? -1
      }
      if id >= 0 {
        flushUnknown()
        ids.append(id)
        continue
      }
      if byteFallback {
        // The bytes of the text looked up, affixes included, as `tokenizers` does.
        scratch.key.removeAll(keepingCapacity: true)
        if !first, let continuingSubwordPrefix {
          scratch.key.append(contentsOf: continuingSubwordPrefix)
        }
        appendUTF8(UnsafeBufferPointer(rebasing: word[index...index]), to: &scratch.key)
        if last, let endOfWordSuffix { scratch.key.append(contentsOf: endOfWordSuffix) }
        if scratch.key.allSatisfy({ byteTokens[Int($0)] >= 0 }) {
          // A pending unknown token stays pending (it comes after these bytes, as there).
          for byte in scratch.key { ids.append(byteTokens[Int(byte)]) }
          continue
        }
      }
      guard let unknownToken else { continue }  // no unknown token: the scalar is dropped
      guard let unknown = vocabulary.value(for: unknownToken) else {
        throw .malformed(
          file: "tokenizer", at: "model.unk_token",
          "the unknown token \(String(decoding: unknownToken, as: UTF8.self).debugDescription) is not in model.vocab"
        )
      }
      if pendingUnknown, !fusesUnknown { ids.append(unknown) }
      pendingUnknown = true
      unknownID = unknown
    }
    flushUnknown()
    mergeAll(&ids, scratch: &scratch)
    output.append(contentsOf: ids)
  }

  /// Merges the symbols of `ids` by rank (`word.rs` `merge_all`): a min-heap of (rank,
  /// position); an entry is stale when its symbol is gone or its pair has changed.
  private func mergeAll(_ ids: inout [Int32], scratch: inout Scratch) {
    let count = ids.count
    guard count > 1 else { return }
    var previous = scratch.previous
    var next = scratch.next
    var heap = scratch.heap
    defer {
      scratch.previous = previous
      scratch.next = next
      scratch.heap = heap
    }
    previous.removeAll(keepingCapacity: true)
    next.removeAll(keepingCapacity: true)
    heap.removeAll(keepingCapacity: true)
    for index in 0..<count {
      previous.append(Int32(index - 1))
      next.append(index + 1 < count ? Int32(index + 1) : -1)
    }
    for index in 0..<(count - 1) {
      if let merge = merges.merge(ids[index], ids[index + 1]) {
        heap.append(UInt64(UInt32(bitPattern: merge.rank)) << 32 | UInt64(index))
      }
    }
    if heap.isEmpty { return }
    Self.heapify(&heap)
    let removed: Int32 = -2
    while let top = Self.popMinimum(&heap) {
      let rank = Int32(truncatingIfNeeded: top >> 32)
      let position = Int(truncatingIfNeeded: top & 0xFFFF_FFFF)
      guard ids[position] != removed else { continue }
      let right = Int(next[position])
      guard right >= 0, let merge = merges.merge(ids[position], ids[right]), merge.rank == rank
      else { continue }
      ids[position] = merge.result
      ids[right] = removed
      let after = next[right]
      next[position] = after
      if after >= 0 { previous[Int(after)] = Int32(position) }
      let before = previous[position]
      if before >= 0, let merge = merges.merge(ids[Int(before)], ids[position]) {
        Self.push(&heap, UInt64(UInt32(bitPattern: merge.rank)) << 32 | UInt64(before))
      }
      if after >= 0, let merge = merges.merge(ids[position], ids[Int(after)]) {
        Self.push(&heap, UInt64(UInt32(bitPattern: merge.rank)) << 32 | UInt64(position))
      }
    }
    var kept = 0
    for index in 0..<count where ids[index] != removed {
      ids[kept] = ids[index]
      kept += 1
    }
    ids.removeLast(count - kept)
  }

  // MARK: - A binary min-heap of UInt64

  private static func heapify(_ heap: inout [UInt64]) {
    var index = heap.count / 2
    while index > 0 {
      index -= 1
      siftDown(&heap, from: index)
    }
  }

  private static func siftDown(_ heap: inout [UInt64], from start: Int) {
    var index = start
    let count = heap.count
    while true {
      let left = 2 * index + 1
      guard left < count else { return }
      var smallest = left
      if left + 1 < count, heap[left + 1] < heap[left] { smallest = left + 1 }
      guard heap[smallest] < heap[index] else { return }
      heap.swapAt(smallest, index)
      index = smallest
    }
  }

  private static func push(_ heap: inout [UInt64], _ value: UInt64) {
    heap.append(value)
    var index = heap.count - 1
    while index > 0 {
      let parent = (index - 1) / 2
      guard heap[index] < heap[parent] else { return }
      heap.swapAt(index, parent)
      index = parent
    }
  }

  private static func popMinimum(_ heap: inout [UInt64]) -> UInt64? {
    guard let first = heap.first else { return nil }
    let last = heap.removeLast()
    if !heap.isEmpty {
      heap[0] = last
      siftDown(&heap, from: 0)
    }
    return first
  }
}

/// Appends the UTF-8 encoding of `scalars` to `bytes`.
@inline(__always)
func appendUTF8(_ scalars: UnsafeBufferPointer<UInt32>, to bytes: inout [UInt8]) {
  for value in scalars {
    switch value {
    case 0..<0x80: bytes.append(UInt8(value))
    case 0x80..<0x800:
      bytes.append(UInt8(0xC0 | value >> 6))
      bytes.append(UInt8(0x80 | value & 0x3F))
    case 0x800..<0x10000:
      bytes.append(UInt8(0xE0 | value >> 12))
      bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
      bytes.append(UInt8(0x80 | value & 0x3F))
    default:
      bytes.append(UInt8(0xF0 | value >> 18))
      bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
      bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
      bytes.append(UInt8(0x80 | value & 0x3F))
    }
  }
}
