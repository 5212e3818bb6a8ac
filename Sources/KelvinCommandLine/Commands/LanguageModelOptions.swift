import Foundation
import Kelvin

/// `--corpus FILE --order N`: the built-in model, or one trained on the user's text.
enum LanguageModelOptions {
  static let options: [OptionSpec] = [
    .value(
      "corpus", "FILE",
      help:
        "Train the character-level Kneser–Ney model on this text file instead of the built-in corpus (five public-domain books of the King James Version)."
    ),
    .value(
      "order", "N", help: "The model's n-gram order, 1 to 7.",
      default: String(BuiltInModel.defaultOrder)),
  ]

  /// The model the options describe.
  ///
  /// - Throws: ``CommandError``: 64 for a malformed order, 66 for a missing corpus file, 65 for
  ///   an unusable corpus.
  static func model(_ arguments: ParsedArguments) throws -> BuiltInModel {
    let orderText = try arguments.required("order")
    guard let order = Int(orderText.trimmingWhitespace()), (1...7).contains(order) else {
      throw CommandError.usage("--order must be a whole number from 1 to 7, got '\(orderText)'")
    }
    var corpus: String?
    if let path = arguments.value("corpus") {
      let bytes = try VectorInput.withFileErrors { try InputFile.contents(of: path) }
      guard let text = String(validating: bytes, as: UTF8.self) else {
        throw CommandError.data("\(path): the corpus is not valid UTF-8 text")
      }
      corpus = text
    }
    do {
      return try BuiltInModel(corpus: corpus, order: order)
    } catch let error as DecodingError {
      throw CommandError.data("\(arguments.value("corpus") ?? "corpus"): \(error)")
    } catch {
      throw CommandError(.ioError, "the built-in corpus is missing from the installation: \(error)")
    }
  }

  /// Encodes text for the model.
  ///
  /// - Throws: ``CommandError`` (65) naming the first character outside the vocabulary.
  static func encode(_ text: String, _ model: BuiltInModel, what: String) throws -> [Int] {
    do {
      return try model.tokenizer.encode(text)
    } catch let error as DecodingError {
      throw CommandError.data("\(what): \(error)")
    }
  }
}
