import KelvinDecoding
import Testing

@Suite("study prompts")
struct StudyPromptTests {
  let text = """
    one two three four five six seven eight nine ten eleven twelve thirteen
    too short a line
    alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi
    a b c d e f g h i j k l m
    """

  @Test("prompts are the first five words of evenly spaced long passages")
  func drawn() {
    #expect(StudyPrompt.availableCount(in: text) == 3)
    let all = StudyPrompt.drawn(from: text, count: 3)
    #expect(
      all.map(\.prompt) == [
        "one two three four five", "alpha beta gamma delta epsilon", "a b c d e",
      ])
    #expect(all[0].continuation == " six seven eight nine ten eleven twelve thirteen")
    // Two of three passages: indices ⌊0 · 3/2⌋ = 0 and ⌊1 · 3/2⌋ = 1.
    #expect(
      StudyPrompt.drawn(from: text, count: 2).map(\.prompt) == [all[0].prompt, all[1].prompt])
    // Asking for more than there are gives all of them; the same call gives the same prompts.
    #expect(StudyPrompt.drawn(from: text, count: 10) == all)
    #expect(StudyPrompt.drawn(from: text, count: 0).isEmpty)
  }

  @Test("prompt and continuation put the passage back together")
  func reassembles() throws {
    for prompt in StudyPrompt.drawn(from: try BuiltInModel.heldOutText(), count: 50) {
      #expect(prompt.prompt.split(separator: " ").count == 5)
      #expect(prompt.continuation.hasPrefix(" "))
    }
  }
}
