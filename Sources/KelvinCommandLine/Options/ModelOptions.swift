import Foundation
import Kelvin

/// `--corpus FILE --order N`: the built-in model, or one trained on the user's text.
struct ModelOptions: CommandOptions {
  var corpus: String?
  var order = BuiltInModel.defaultOrder

  static var declarations: [OptionDeclaration<ModelOptions>] {
    [
      .option(
        \.corpus, "corpus", "FILE",
        help:
          "Train the character-level Kneser–Ney model on this text file instead of the built-in corpus (five public-domain books of the King James Version).",
        .nonEmpty("a file path"), default: "the built-in corpus", path: true),
      .option(\.order, "order", "N", help: "The model's n-gram order.", .integer(1...7)),
    ]
  }

  /// How the vocabulary covers any text, for the help of every command that uses the model.
  static let vocabularyNote = """
    The model's vocabulary is every character of its corpus, the newline and the 95 \
    printable ASCII characters, plus one unknown token (U+FFFD) that any other character \
    is scored as. A character the corpus never has gets its probability from Kneser–Ney's \
    uniform base distribution (1/V at the lowest order) passed up through the back-off \
    weights: small but never zero (about 1e-6 to 1e-12 for the bundled corpus, depending on \
    how often the preceding characters were seen).
    """

  static func declarations<Outer>(at path: WritableKeyPath<Outer, ModelOptions>)
    -> [OptionDeclaration<Outer>]
  {
    declarations.map { $0.embedded(at: path) }
  }

  /// The model the options describe.
  ///
  /// - Throws: ``CommandError``: 66 for a missing corpus file, 65 for an unusable corpus, 74
  ///   when the built-in corpus is missing from the installation.
  func model() throws -> BuiltInModel {
    var text: String?
    if let corpus {
      text = try InputFile.text(of: corpus, invalid: "the corpus is not valid UTF-8 text")
    }
    do {
      return try BuiltInModel(corpus: text, order: order)
    } catch let error as DecodingError {
      throw CommandError.data("\(corpus ?? "corpus"): \(error)")
    } catch {
      throw CommandError(.ioError, "the built-in corpus is missing from the installation: \(error)")
    }
  }
}

extension BuiltInModel {
  /// Encodes text for the model.
  ///
  /// - Throws: ``CommandError`` (65) naming the first character outside the vocabulary.
  func encode(_ text: String, what: String) throws -> [Int] {
    do {
      return try tokenizer.encode(text)
    } catch let error as DecodingError {
      throw CommandError.data("\(what): \(error)")
    }
  }
}

extension InputFile {
  /// The UTF-8 text of a file (`-`: standard input).
  ///
  /// - Parameter invalid: What the error says after the path when the bytes are not UTF-8.
  /// - Throws: ``CommandError`` (65) for bytes that are not UTF-8, or the reader's errors.
  static func text(of path: String, streamLimit: Int = defaultStreamLimit, invalid: String)
    throws -> String
  {
    let bytes = try contents(of: path, streamLimit: streamLimit)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw CommandError.data("\(path): \(invalid)")
    }
    return text
  }
}
