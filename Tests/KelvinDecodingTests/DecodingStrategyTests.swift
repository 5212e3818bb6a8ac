import KelvinDecoding
import KelvinSampling
import Testing

@Suite("decoding strategies")
struct DecodingStrategyTests {
  @Test("names as the study reports them, and chains that parse")
  func names() throws {
    #expect(
      DecodingStrategy.study.map(\.description) == [
        "greedy", "beam(4)", "beam(16)", "sample(t=1)", "sample(t=0.5)", "sample(t=0.7)",
        "sample(t=0.9)", "sample(t=1.2)", "top_k(40)", "top_p(0.95)", "top_p(0.9)", "min_p(0.1)",
        "stochastic_beam(4,t=1)", "stochastic_beam(4,t=0.7)",
      ])
    for strategy in DecodingStrategy.study {
      if let specification = strategy.chainSpecification {
        _ = try SamplerChain(specification: specification)
      }
    }
    #expect(DecodingStrategy.topP(0.95).chainSpecification == "top_p=0.95;dist")
    #expect(DecodingStrategy.greedy.chainSpecification == nil)
  }
}
