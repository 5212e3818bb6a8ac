import Foundation
import KelvinDecoding
import KelvinTokenizers
import Testing

@testable import KelvinModels

@Suite("bundled model")
struct BundledModelTests {
  @Test(
    "the shipped GPT-2 loads, and predicts held-out Isaiah better per character than the 6-gram")
  func predictsHeldOut() throws {
    let directory = try BundledModel.directory()
    var model = try TransformerModel(directory: directory)
    #expect(model.configuration.architecture == .gpt2)
    #expect(model.configuration.maximumPositions == 128)
    let tokenizer = try HuggingFaceTokenizer(contentsOf: directory + "/tokenizer.json")
    #expect(tokenizer.vocabularySize == model.vocabularySize)
    let text = String(try BuiltInModel.heldOutText().prefix(3_000))
    let ids = try tokenizer.encode(text)
    #expect(try tokenizer.decode(ids) == text)
    let (transformer, scored) = try windowedLogLikelihood(of: ids, under: &model, window: 128)
    #expect(scored == ids.count - 1)
    // The 6-gram on the same characters, the first one unscored as the transformer's first
    // token is (a character of the first token's text, so the 6-gram is favoured).
    var ngram = try BuiltInModel()
    let characters = try ngram.tokenizer.encode(text)
    let sixGram = try logLikelihood(
      of: Array(characters.dropFirst()), after: [characters[0]], under: &ngram.model)
    let count = Double(text.unicodeScalars.count)
    #expect(exp(-transformer / count) < exp(-sixGram / count))
  }
}
