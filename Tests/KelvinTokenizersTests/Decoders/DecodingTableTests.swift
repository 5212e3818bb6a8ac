import Testing

@testable import KelvinTokenizers

/// The prepared decoding gives what the general decoders give, token list by token list.
@Suite struct DecodingTableTests {
  @Test func sentencePieceOnePassEqualsTheDecoderChain() throws {
    let tables = try UnicodeTables.load()
    // Llama 2's decoder: Replace(▁ → " "), ByteFallback, Fuse, Strip(" ", 1, 0).
    let decoder = TokenDecoder.sequence([
      .replace(ScalarPattern(literal: "\u{2581}", tables: tables), [0x20]), .byteFallback, .fuse,
      .strip(content: 0x20, start: 1, stop: 0),
    ])
    let plan = try #require(SentencePiecePlan(decoder))
    let texts = ["\u{2581}Hi", "<0xC3>", "<0xA9>", "\u{2581}there", "<0xFF>", "x", "\u{2581}"]
    let table = DecodingTable(count: texts.count, byteLevel: false, plan: plan, specialTexts: []) {
      Array(texts[$0].utf8)[...]
    }
    var generator = SeededGenerator(seed: 3)
    for _ in 0..<200 {
      let ids = (0..<Int(generator.next() % 8)).map { _ in Int(generator.next() % 7) }
      let chain = try decoder.decode(ids.map { texts[$0].scalarValues }, tables: tables)
      #expect(table.decodeSentencePiece(ids).scalarValues == chain.flatMap { $0 }, "\(ids)")
    }
  }

  @Test func specialTextsAndUnknownIdsAreMarked() {
    let table = DecodingTable(
      count: 3, byteLevel: true, plan: nil, specialTexts: [Array("<s>".utf8)]
    ) {
      $0 == 1 ? nil : Array(($0 == 0 ? "<s>" : "\u{120}a").utf8)[...]
    }
    #expect(table.isSpecialText == [true, false, false])
    #expect(table.contains(0) && !table.contains(1) && !table.contains(3))
    #expect(Array(table.byteLevel(2)) == [0x20, 0x61])  // Ġ is the byte 0x20
  }
}
