import Foundation
import KelvinCore
import KelvinSampling
import Testing

/// The processors' initialisers refuse values outside their declared ranges.
@Suite("logits processors' parameter checks")
struct LogitsProcessorTests {
  @Test("invalid parameters are errors naming the processor, the value and the range")
  func invalidParameters() {
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "top_p", parameter: "min_keep", value: "0",
        rule: "a whole number from 1 to 2147483647")
    ) {
      try TopP(0.9, minimumKeep: 0)
    }
    // Values that llama.cpp reads as "off" are outside the documented ranges here: 0 or
    // 1 switch a processor off.
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "top_k", parameter: "k", value: "-5", rule: "a whole number from 0 to 2147483647"
      )
    ) {
      try TopK(-5)
    }
    #expect(
      throws: SamplingError.invalidParameter(
        processor: "top_p", parameter: "p", value: "1.5", rule: "a number in [0, 1]")
    ) {
      try TopP(1.5)
    }
    #expect(throws: SamplingError.self) { try MinP(-1) }
    #expect(throws: SamplingError.self) { try MinP(2) }
    #expect(throws: SamplingError.self) { try TypicalP(-3) }
    #expect(throws: SamplingError.self) { try Mirostat(tau: -1) }
    #expect(throws: SamplingError.self) { try NoRepeatNGram(-1) }
    #expect(throws: SamplingError.self) { try TopP(.nan) }
    #expect(throws: SamplingError.self) { try XTC(probability: 1.5, threshold: 0.1) }
    #expect(throws: SamplingError.self) { try TopNSigma(.infinity) }
  }
}
