import Testing

@testable import KelvinTokenizers

/// Templates put their tokens around the ids, and sequences apply in order.
@Suite struct PostProcessorTests {
  @Test func templatesSurroundTheIds() {
    #expect(PostProcessor.template(before: [1], after: [2]).apply(to: [7, 8]) == [1, 7, 8, 2])
    #expect(PostProcessor.none.apply(to: [7]) == [7])
    let both = PostProcessor.sequence([.none, .template(before: [1], after: [])])
    #expect(both.apply(to: []) == [1])
  }
}
