import KelvinCore
import KelvinSampling
import KelvinText
import Testing

@Suite("processor parameters")
struct ProcessorParameterTests {
  @Test("a declaration checks with the processor's name, the key and the range's words")
  func checks() throws {
    let p = ProcessorParameter.number("top_p", "p", .unitInterval, default: 0.95)
    try p.check(0)
    try p.check(1)
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "top_p", parameter: "p", value: "1.5", rule: "a number in [0, 1]")
    ) {
      try p.check(1.5)
    }
    #expect(throws: SamplingError.self) { try p.check(.nan) }
    let k = ProcessorParameter.integer("top_k", "k", 0...9, default: 4)
    #expect(throws: SamplingError.self) { try k.check(10) }
    #expect(throws: SamplingError.self) {
      try ProcessorParameter<Int>.minimumKeep("top_p").check(0)
    }
  }

  @Test("the initialisers refuse with the declaration's words, as the grammar does")
  func initialisersUseDeclarations() throws {
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "top_p", parameter: "p", value: "1.5", rule: "a number in [0, 1]")
    ) {
      try TopP(1.5)
    }
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "penalties", parameter: "last_n", value: "-2",
        rule: ValueRule.integer(ProcessorParameter<Int>.windowRange).requirement)
    ) {
      try Penalties(lastN: -2)
    }
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "top_k", parameter: "min_keep", value: "0",
        rule: ValueRule.integer(ProcessorParameter<Int>.minimumKeepRange).requirement)
    ) {
      try TopK(3, minimumKeep: 0)
    }
  }

  @Test("an item that omits a parameter and an initialiser that omits it give the same value")
  func defaultsAreOne() throws {
    let fromText = try ChainDescription(parsing: "penalties;dry;mirostat;xtc(probability=0.5)")
    let fromCode: [any LogitsProcessor] = [
      try Penalties(), try DRY(), try Mirostat(),
      try XTC(probability: 0.5, threshold: XTC.Parameter.threshold.defaultValue),
    ]
    #expect(fromText.processors.map(\.specification) == fromCode.map(\.specification))
    #expect(Penalties.Parameter.lastN.defaultValue == 64)
    #expect(TopK.Parameter.k.defaultValue == 40)
  }
}
