import KelvinConstraints
import KelvinSampling
import Testing

@testable import KelvinDecoding

@Suite("generation request")
struct GenerationRequestTests {
  static func names(_ chain: SamplerChain) -> [String] {
    chain.processors.map { String($0.specification.prefix { $0 != "(" && $0 != "=" }) }
  }

  @Test("the request's processors go first: allowed_tokens, min_tokens, bad_words, then the chain")
  func order() throws {
    let request = GenerationRequest(
      .chain(try ChainDescription(parsing: "top_k=5;temperature=0.7")), seed: 9,
      endOfSequence: 2, minTokens: 3, allowedTokens: [1, 2, 3], badWords: [[4, 5]])
    let chain = try request.samplerChain(sequence: 4)
    #expect(
      Self.names(chain) == ["allowed_tokens", "min_tokens", "bad_words", "top_k", "temperature"])
    #expect(chain.seed == 9 && chain.sequence == 4)
    // Without an end-of-sequence token there is nothing for min_tokens to ban.
    var none = request
    none.endOfSequence = nil
    #expect(!Self.names(try none.samplerChain()).contains("min_tokens"))
  }

  @Test("a preset's temperature is replaced for a comparison row; a given chain's items too")
  func temperatureOverride() throws {
    let preset = GenerationRequest(.preset(.llama, SamplerSettings(temperature: 0.8)))
    let row = try preset.samplerChain(temperature: 1.5)
    #expect(row.processors.compactMap { $0 as? Temperature }.map(\.temperature) == [1.5])
    let given = GenerationRequest(.chain(try ChainDescription(parsing: "top_k=5")))
    let added = try given.samplerChain(temperature: 0.3)
    #expect(Self.names(added) == ["top_k", "temperature"])
    #expect((added.processors.last as? Temperature)?.temperature == 0.3)
  }

  @Test("a config's chain takes the request's min_tokens and bad words into its own settings")
  func configSource() throws {
    var config = GenerationConfig()
    config.doSample = true
    config.temperature = 0.6
    let request = GenerationRequest(
      .config(config, overrides: SamplerSettings(topK: 7)), endOfSequence: 0, minTokens: 2,
      badWords: [[3]])
    let chain = try request.samplerChain()
    // transformers' order: bad words, min new tokens, then the warpers.
    #expect(Self.names(chain) == ["bad_words", "min_tokens", "temperature", "top_k"])
    #expect(chain.processors.compactMap { $0 as? TopK }.map(\.k) == [7])
  }

  @Test("a sampling override of a greedy config, and a constraint item without a constraint, fail")
  func refusals() throws {
    let greedy = GenerationRequest(
      .config(GenerationConfig(), overrides: SamplerSettings(topP: 0.9)))
    #expect(throws: DecodingError.samplingSettingOfGreedyConfig("top_p")) {
      try greedy.samplerChain()
    }
    let unbound = GenerationRequest(.chain(try ChainDescription(parsing: "constraint;top_k=3")))
    #expect(throws: SamplingError.unboundConstraint) { try unbound.samplerChain() }
  }

  @Test("generation records each step's mask size and the match, as replaying the constraint gives")
  func recordsTheConstraint() throws {
    var built = try SharedModel.builtIn()
    let vocabulary = try TokenVocabulary(built.tokenizer, endOfSequence: built.model.endOfSequence)
    let constraint = try RegexConstraint(
      pattern: "(yes|no|maybe) [a-z]{2,9}\\.", vocabulary: vocabulary)
    let request = GenerationRequest(
      .chain(try ChainDescription(parsing: "temperature=0.9")), seed: 4,
      endOfSequence: built.model.endOfSequence, constraint: constraint)
    let (generation, _) = try generate(
      prompt: try built.tokenizer.encode("Answer: "), model: &built.model, request: request,
      tokenizer: built.tokenizer, maxTokens: 40)
    var replay = constraint
    for step in generation.steps {
      #expect(step.allowedTokens == replay.allowedTokens.count)
      replay.accept(step.token)
    }
    #expect(generation.constraintIsComplete == replay.isComplete)
    #expect(generation.constraintIsComplete == true)
    let unconstrained = try generate(
      prompt: [], model: &built.model, request: GenerationRequest(.preset(.llama, .init())),
      tokenizer: built.tokenizer, maxTokens: 5
    ).generation
    #expect(unconstrained.constraintIsComplete == nil)
    #expect(unconstrained.steps.allSatisfy { $0.allowedTokens == nil })
  }
}
