import KelvinSampling
import Testing

@testable import KelvinDecoding

@Suite("speculative study")
struct SpeculativeStudyTests {
  @Test("rows cover every temperature and draft length; one temperature's texts do not depend on K")
  func rows() throws {
    var target = WaveModel(phase: 0.4, scale: 1)
    var draft = WaveModel(phase: 1.1, scale: 1.5)
    let study = try SpeculativeStudy(
      temperatures: [0, 0.7], draftLengths: [1, 3], prompts: [[0], [1, 2]], target: &target,
      draft: &draft, maxTokens: 20
    ) { temperature, prompt in
      SamplerChain([try Temperature(temperature)], seed: 5, sequence: UInt64(prompt))
    }
    #expect(study.rows.map(\.temperature) == [0, 0, 0.7, 0.7])
    #expect(study.rows.map(\.draftTokens) == [1, 3, 1, 3])
    for row in study.rows {
      // No end of sequence: every prompt runs to 20 tokens.
      #expect(row.statistics.tokens == 40)
      #expect(row.statistics.accepted <= row.statistics.drafted)
      // A round emits at most K accepted drafts and one more token.
      #expect(row.statistics.tokens <= row.statistics.targetCalls * (row.draftTokens + 1))
    }
  }
}
