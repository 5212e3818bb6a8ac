import Testing

@testable import KelvinTokenizers

/// The BPE model on hand-made vocabularies, expectations derived from `model.rs` and `word.rs`
/// of `tokenizers` (each stated in the test).
@Suite struct BPEModelTests {
  static func model(
    _ vocabulary: [String], merges: [(String, String)], unknown: String? = nil,
    fuse: Bool = false, byteFallback: Bool = false
  ) -> BPEModel {
    var table = ByteStringTable()
    for (id, token) in vocabulary.enumerated() { table.insert(Array(token.utf8), value: Int32(id)) }
    var pairs = PairTable(capacity: merges.count)
    for (rank, (a, b)) in merges.enumerated() {
      if let x = table.value(for: Array(a.utf8)), let y = table.value(for: Array(b.utf8)),
        let z = table.value(for: Array((a + b).utf8))
      {
        pairs.set(x, y, rank: Int32(rank), result: z)
      }
    }
    return BPEModel(
      vocabulary: table, entries: (0..<Int32(vocabulary.count)).map { $0 }, merges: pairs,
      unknownToken: unknown.map { Array($0.utf8) }, continuingSubwordPrefix: nil,
      endOfWordSuffix: nil, fusesUnknown: fuse, byteFallback: byteFallback, ignoresMerges: false)
  }

  static func encode(_ model: BPEModel, _ text: String) throws -> [Int32] {
    var ids: [Int32] = []
    var scratch = BPEModel.Scratch()
    try text.scalarValues.withUnsafeBufferPointer {
      try model.appendTokens(of: $0, to: &ids, scratch: &scratch)
    }
    return ids
  }

  @Test func equalRanksMergeLeftmostFirst() throws {
    // "aaa" with the merge a+a: positions 0 and 1 share rank 0; the leftmost merges: [aa, a].
    let model = Self.model(["a", "aa"], merges: [("a", "a")])
    #expect(try Self.encode(model, "aaa") == [1, 0])
  }

  @Test func unknownScalarsFuseWhenAsked() throws {
    // "x y" unknown: fused into one <unk> only with fuse_unk.
    let plain = Self.model(["<unk>", "a"], merges: [], unknown: "<unk>")
    let fused = Self.model(["<unk>", "a"], merges: [], unknown: "<unk>", fuse: true)
    #expect(try Self.encode(plain, "xya") == [0, 0, 1])
    #expect(try Self.encode(fused, "xya") == [0, 1])
  }

  @Test func byteFallbackSpellsTheBytes() throws {
    // "é" (C3 A9) without a token: <0xC3> <0xA9>.
    var vocabulary = ["<unk>"]
    for byte in 0..<256 { vocabulary.append(String(format: "<0x%02X>", byte)) }
    let model = Self.model(vocabulary, merges: [], unknown: "<unk>", byteFallback: true)
    #expect(try Self.encode(model, "é") == [1 + 0xC3, 1 + 0xA9])
  }

  @Test func aMissingUnknownTokenIsAnErrorWhenNeeded() {
    let model = Self.model(["a"], merges: [], unknown: "<unk>")
    #expect(throws: TokenizerError.self) { _ = try Self.encode(model, "b") }
  }
}
