import KelvinCore
import Testing

@testable import KelvinSampling

/// Keeping the candidates of a mask: the gather from the set bits (a full set in token order)
/// equals the general filter.
@Suite("candidate set and mask")
struct CandidateSetMaskTests {
  @Test("the gather from the mask's bits equals the filter, on every random mask at V = 1,000")
  func gatherEqualsFilter() throws {
    var random = SplitMix64(seed: 5)
    let logits = (0..<1_000).map { _ in Float(random.next() % 1000) / 100 }
    for _ in 0..<50 {
      var mask = TokenMask(vocabularySize: 1_000)
      for token in 0..<1_000 where random.next() % 7 == 0 { mask.insert(token) }
      var fast = CandidateSet(logits: logits)
      fast.retain(mask: mask)
      var slow = CandidateSet(logits: logits)
      slow.retain { token, _ in mask.contains(Int(token)) }
      #expect(Array(fast.candidateTokens) == Array(slow.candidateTokens))
      #expect(Array(fast.candidateLogits) == Array(slow.candidateLogits))
      #expect(fast.count == mask.count && mask.tokens == fast.candidateTokens.map(Int.init))
    }
  }

  @Test("a set no longer full or in token order takes the filter, keeping its order")
  func reordered() {
    var mask = TokenMask(vocabularySize: 6)
    for token in [1, 4, 5] { mask.insert(token) }
    var set = CandidateSet(logits: [0, 5, 1, 4, 2, 3])
    set.sortByLogit()
    set.retain(mask: mask)
    #expect(Array(set.candidateTokens) == [1, 5, 4])  // by logit: 5, 3, 2
  }
}
