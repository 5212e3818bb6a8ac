import Foundation
import KelvinDecoding
import Testing

@Suite("self-BLEU")
struct SelfBLEUTests {
  func words(_ text: String) -> [Substring] { text.split(separator: " ") }

  @Test("BLEU-4 of a hand-worked pair")
  func handWorked() throws {
    // "the cat sat on the mat" against "the cat sat on a mat":
    //   unigrams 5/6 ("the" clipped to the reference's one), bigrams 3/5 (the cat, cat sat,
    //   sat on), trigrams 2/4, 4-grams 1/3; equal lengths, so no brevity penalty.
    //   BLEU = (5/6 · 3/5 · 2/4 · 1/3)^(1/4) = (1/12)^(1/4) = 0.5372849659.
    // The pair is symmetric here (the reverse has the same counts), so self-BLEU is the same.
    // NLTK 3.9's sentence_bleu with method1 gives 0.537284965911771 for both.
    let score = try #require(
      bleu4(words("the cat sat on the mat"), references: [words("the cat sat on a mat")]))
    #expect(abs(score - Foundation.pow(1.0 / 12, 0.25)) < 1e-12)
    let pair = try #require(selfBLEU4(["the cat sat on the mat", "the cat sat on a mat"]))
    #expect(abs(pair - Foundation.pow(1.0 / 12, 0.25)) < 1e-12)
  }

  @Test("smoothing and the brevity penalty, worked by hand")
  func smoothingAndBrevity() throws {
    // "a dog ran in the park today" (7 words) against "the cat sat on a mat": unigrams 2/7
    // (a, the); no bigram, trigram or 4-gram matches, so method 1 gives 0.1/6, 0.1/5, 0.1/4.
    // Longer than the reference: no penalty. (2/7 · 1/60 · 1/50 · 1/40)^(1/4) = 420000^(−1/4).
    let unmatched = try #require(
      bleu4(words("a dog ran in the park today"), references: [words("the cat sat on a mat")]))
    #expect(abs(unmatched - Foundation.pow(420_000, -0.25)) < 1e-12)
    // "the cat sat x y" (5 words): 3/5, 2/4, 1/3, and 0.1/2 for the 4-grams; shorter than the
    // 6-word reference, so BP = exp(1 − 6/5). (1/200)^(1/4) · e^(−0.2) = 0.2177126202.
    let short = try #require(
      bleu4(words("the cat sat x y"), references: [words("the cat sat on a mat")]))
    #expect(abs(short - Foundation.pow(1.0 / 200, 0.25) * Foundation.exp(-0.2)) < 1e-12)
  }

  @Test("counts are clipped by the best single reference, and identical texts score 1")
  func clippingAndIdentity() throws {
    // With both references, the hypothesis's n-grams clip against each one's counts: adding
    // an unrelated reference changes nothing (NLTK: 0.537284965911771 again).
    let both = try #require(
      bleu4(
        words("the cat sat on the mat"),
        references: [words("the cat sat on a mat"), words("a dog ran in the park today")]))
    #expect(abs(both - Foundation.pow(1.0 / 12, 0.25)) < 1e-12)
    #expect(selfBLEU4(["one two three four five", "one two three four five"]) == 1)
  }

  @Test("texts too short to score, or fewer than two texts, give no value")
  func undefined() {
    #expect(selfBLEU4(["only one text of enough words"]) == nil)
    #expect(selfBLEU4(["too short", "also short"]) == nil)
    #expect(bleu4(words("one two three"), references: [words("one two three")]) == nil)
    #expect(bleu4(words("one two three four"), references: []) == nil)
  }
}
