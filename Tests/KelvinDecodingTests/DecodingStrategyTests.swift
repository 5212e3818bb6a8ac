import KelvinDecoding
import KelvinSampling
import Testing

@Suite("decoding strategies")
struct DecodingStrategyTests {
  @Test("names as the study reports them, and chains built from their values")
  func names() throws {
    #expect(
      DecodingStrategy.study.map(\.description) == [
        "greedy", "beam(4)", "beam(16)", "sample(t=1)", "sample(t=0.5)", "sample(t=0.7)",
        "sample(t=0.9)", "sample(t=1.2)", "top_k(40)", "top_p(0.95)", "top_p(0.9)", "min_p(0.1)",
        "stochastic_beam(4,t=1)", "stochastic_beam(4,t=0.7)",
      ])
    for strategy in DecodingStrategy.study where strategy.description.hasPrefix("sample") {
      let chain = try #require(try strategy.chain())
      #expect(chain.processors.count == 1 && chain.choice == .distribution)
    }
    let topP = try #require(try DecodingStrategy.topP(0.95).chain())
    #expect((topP.processors.first as? TopP)?.p == 0.95)
    #expect(try DecodingStrategy.greedy.chain() == nil)
  }
}
