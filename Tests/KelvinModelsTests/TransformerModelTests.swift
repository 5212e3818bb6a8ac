import Foundation
import KelvinDecoding
import KelvinSampling
import KelvinTokenizers
import Testing

@testable import KelvinModels

/// Kelvin's GPT-2 against transformers' own: the checkpoint, the logits and the greedy
/// continuations are written by tools/models/make_fixtures.py with transformers 5.25.0.
@Suite("transformer model")
struct TransformerModelTests {
  struct Case: Decodable {
    let prompt: String
    let ids: [Int]
    let logits: [[Float]]
    let greedy: [Int]
    let smallest_gap: Double
    let end_of_sequence: Int
  }

  struct Expected: Decodable { let cases: [Case] }

  static func directory(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return url.appendingPathComponent(name).path
  }

  static func expected(_ name: String) throws -> [Case] {
    let data = try Data(
      contentsOf: URL(fileURLWithPath: try directory(name)).appendingPathComponent("expected.json"))
    return try JSONDecoder().decode(Expected.self, from: data).cases
  }

  /// max |a − b| over max |b|: the error relative to the row's scale.
  static func relativeError(_ a: [Float], _ b: [Float]) -> Double {
    let scale = b.map { abs(Double($0)) }.max() ?? 1
    return zip(a, b).map { abs(Double($0) - Double($1)) }.max().map { $0 / max(scale, 1e-30) } ?? 0
  }

  /// The argmax, the lowest id among ties, with the end of sequence banned as
  /// `min_new_tokens` bans it in the fixture's `generate`.
  static func greedyToken(_ logits: [Float], banning banned: Int) -> Int {
    var best = banned == 0 ? 1 : 0
    for token in logits.indices where token != banned && logits[token] > logits[best] {
      best = token
    }
    return best
  }

  static let fixtures = ["gpt2-tiny", "llama-tiny", "qwen2-tiny", "mistral-bf16-tiny"]

  @Test(
    "the logits at every position are transformers' within 1e-4 of the row's scale (bf16 weights: the same, on transformers' f32 arithmetic over them)",
    arguments: fixtures)
  func logitsMatch(fixture: String) throws {
    var model = try TransformerModel(directory: try Self.directory(fixture))
    var worst = 0.0
    for item in try Self.expected(fixture) {
      let rows = try model.logitsAtEveryPosition(of: item.ids)
      #expect(rows.count == item.logits.count)
      for (row, reference) in zip(rows, item.logits) {
        worst = max(worst, Self.relativeError(row, reference))
      }
    }
    #expect(worst <= 1e-4, "\(fixture): largest relative error \(worst)")
  }

  @Test("32 greedy tokens are transformers', with the cache and without it", arguments: fixtures)
  func greedyMatches(fixture: String) throws {
    let directory = try Self.directory(fixture)
    var cached = try TransformerModel(directory: directory)
    for item in try Self.expected(fixture) {
      var context = item.ids
      var logits = [Float]()
      var withCache: [Int] = []
      var withoutCache: [Int] = []
      for _ in 0..<32 {
        try cached.logits(after: context, into: &logits)
        let token = Self.greedyToken(logits, banning: item.end_of_sequence)
        withCache.append(token)
        var fresh = try TransformerModel(directory: directory)
        try fresh.logits(after: context, into: &logits)
        withoutCache.append(Self.greedyToken(logits, banning: item.end_of_sequence))
        context.append(token)
      }
      #expect(withCache == item.greedy, "\(item.prompt)")
      #expect(withoutCache == item.greedy, "\(item.prompt)")
      #expect(item.smallest_gap > 1e-3)
    }
  }

  @Test(
    "Kelvin's generate loop with its tokenizer and a greedy chain gives transformers' text",
    arguments: fixtures)
  func generateLoop(fixture: String) throws {
    let directory = try Self.directory(fixture)
    var model = try TransformerModel(directory: directory)
    let tokenizer = try HuggingFaceTokenizer(contentsOf: directory + "/tokenizer.json")
    for item in try Self.expected(fixture) {
      // The fixture's ids are tokenizers' `encode(prompt)`: specials parsed, the template's
      // added (Llama's begin-of-text).
      let options = HuggingFaceTokenizer.EncodingOptions(
        parsesSpecialTokens: true, addsSpecialTokens: true)
      #expect(try tokenizer.encode(item.prompt, options: options) == item.ids)
      var chain = SamplerChain(
        [try MinTokens(32, endOfSequence: item.end_of_sequence)], choice: .greedy)
      let generation = try generate(
        prompt: item.ids, model: &model, chain: &chain, tokenizer: tokenizer, maxTokens: 32)
      #expect(generation.steps.map(\.token) == item.greedy)
      #expect(generation.text == (try tokenizer.decode(item.greedy)))
    }
  }

  @Test("the cache follows a switch of branches (beam search) and evaluates only what is new")
  func cacheFollowsBranches() throws {
    let directory = try Self.directory("gpt2-tiny")
    var model = try TransformerModel(directory: directory)
    var reference = try TransformerModel(directory: directory)
    var a = [Float]()
    var b = [Float]()
    try model.logits(after: [5, 6, 7, 8], into: &a)
    #expect(model.cachedTokens == 4)
    try model.logits(after: [5, 6, 9], into: &a)
    #expect(model.cachedTokens == 3)
    try reference.logits(after: [5, 6, 9], into: &b)
    #expect(a == b)
    try model.logits(after: [5, 6, 9], into: &a)
    #expect(a == b)
  }

  @Test("an empty context, one beyond n_positions and an unknown token are errors")
  func refusals() throws {
    var model = try TransformerModel(directory: try Self.directory("gpt2-tiny"))
    var logits = [Float]()
    #expect(throws: DecodingError.emptyContext) { try model.logits(after: [], into: &logits) }
    #expect(throws: DecodingError.contextTooLong(tokens: 129, limit: 128)) {
      try model.logits(after: Array(repeating: 1, count: 129), into: &logits)
    }
    #expect(throws: DecodingError.unknownToken(1203, vocabularySize: 1203)) {
      try model.logits(after: [1203], into: &logits)
    }
  }
}
