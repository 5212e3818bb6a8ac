import KelvinCore
import KelvinSampling
import Testing

@Suite("chain description")
struct ChainDescriptionTests {
  /// One item per processor with every parameter away from its default (and `min_keep` 2).
  static let nonDefault = [
    "temperature=0.35", "top_k(k=7,keep_ties=1,min_keep=2)", "top_p(p=0.8125,min_keep=2)",
    "min_p(p=0.125,min_keep=3)", "typical_p(p=0.5,keep_ties=1,min_keep=2)",
    "top_n_sigma(n=1.5,min_keep=2)", "epsilon(e=0.001,min_keep=2)", "eta(e=0.002,min_keep=2)",
    "xtc(probability=0.25,threshold=0.2,min_keep=2)",
    "dynamic_temperature(temperature=0.9,delta=0.3,exponent=1.5)",
    "mirostat(tau=4,eta=0.2,m=50)", "mirostat_v2(tau=3,eta=0.3)",
    "penalties(last_n=32,repeat=1.2,frequency=0.5,presence=-0.25,prompt=ignored)",
    "dry(multiplier=0.5,base=2,allowed_length=3,last_n=100,breakers=3|5:6)",
    "logit_bias(3:-1.5,7:-inf)", "no_repeat_ngram=4", "bad_words(sequences=3|5:6)",
    "min_tokens(n=5,eos=2)", "allowed_tokens(3,5,7)", "constraint",
    "adaptive_p(target=0.3,decay=0.5)",
    "top_h(h=0.25,min_keep=2)",
  ]

  @Test("the list above covers every processor of the catalog")
  func coversCatalog() {
    let named = Set(Self.nonDefault.map { String($0.prefix { $0 != "(" && $0 != "=" }) })
    #expect(named == Set(ProcessorCatalog.forms.map(\.name)))
  }

  @Test(
    "parse → print → parse is the identity: the printed text builds the same processors",
    arguments: nonDefault)
  func roundTrip(item: String) throws {
    let parsed = try ChainDescription(parsing: item + ";greedy")
    let text = parsed.specification
    let again = try ChainDescription(parsing: text)
    #expect(again.specification == text)
    #expect(again.choice == .greedy)
    #expect(again.processors.count == 1)
    // Every value given survives the print: the printed item names each given key=value.
    let inner = item.drop { $0 != "(" }.dropFirst().dropLast()
    if item.contains("("), !item.hasPrefix("logit_bias"), !item.hasPrefix("allowed_tokens") {
      for pair in inner.split(separator: ",") {
        #expect(text.contains(String(pair)), "\(pair) lost in \(text)")
      }
    }
  }

  @Test("a preset built from values equals the chain its llama.cpp and transformers defaults spell")
  func presetsAreTypedValues() throws {
    // llama.cpp common/common.h defaults (top_k 40, top_p 0.95, min_p 0.05, typical_p 1,
    // temp 0.8, penalty_last_n 64, penalty_repeat 1, dry_multiplier 0, xtc_probability 0,
    // top_n_sigma off); transformers GenerationConfig defaults (temperature 1, top_k 50,
    // top_p 1), repetition penalty over the whole history.
    let expected: [SamplerPreset: String] = [
      .llama:
        "penalties(last_n=64,repeat=1,frequency=0,presence=0);dry(multiplier=0);top_n_sigma=0;top_k=40;typical_p=1;top_p=0.95;min_p=0.05;xtc(probability=0,threshold=0.1);temperature=0.8",
      .hf:
        "penalties(last_n=-1,repeat=1);temperature=1;top_k(k=50,keep_ties=1);top_p=1;min_p=0;typical_p(p=1,keep_ties=1);epsilon=0;eta=0",
    ]
    for preset in SamplerPreset.allCases {
      let built = try preset.chain()
      let spelt = try ChainDescription(parsing: try #require(expected[preset]))
      #expect(built.specification == spelt.specification, "\(preset)")
    }
  }

  @Test("settings reach the processors as values, and an out-of-range one names its processor")
  func settingsAreValues() throws {
    let chain = try SamplerPreset.llama.chain(SamplerSettings(temperature: 0.7, topP: 0.9))
    let temperature = try #require(chain.processors.last as? Temperature)
    #expect(temperature.temperature == 0.7)
    #expect(chain.processors.compactMap { $0 as? TopP }.map(\.p) == [0.9])
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "top_p", parameter: "p", value: "1.5", rule: "a number in [0, 1]")
    ) {
      try SamplerPreset.hf.chain(SamplerSettings(topP: 1.5))
    }
  }

  @Test("a chain made from a description samples as the chain parsed from its text (seeded)")
  func sameTokens() throws {
    var generator = GaussianLogits(standardDeviation: 3, seed: 11)
    let logits: [Float] = generator.next(1_000, as: Float.self)
    let description = try SamplerPreset.llama.chain(SamplerSettings(temperature: 1.1))
    var typed = SamplerChain(description, seed: 5)
    var parsed = try SamplerChain(specification: description.specification, seed: 5)
    for _ in 0..<50 {
      let a = try logits.withUnsafeBufferPointer { try typed.sample($0).token }
      let b = try logits.withUnsafeBufferPointer { try parsed.sample($0).token }
      #expect(a == b)
    }
  }
}
