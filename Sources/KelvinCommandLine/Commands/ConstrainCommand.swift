import Foundation
import Kelvin

/// `kelvin constrain`: inspect a constraint's token index without a model.
enum ConstrainCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "constrain",
    abstract:
      "Show which tokens a regular expression or JSON Schema allows next, over a vocabulary, without a model.",
    discussion: """
      The pattern is compiled to a DFA over bytes and indexed over the vocabulary: for each \
      state, the tokens that can be consumed from it and still lead to a full match. \
      --prefix TEXT walks the DFA over the text's bytes first. --tokenizer reads a Hugging Face \
      tokenizer.json (byte-level BPE tokens decoded to their bytes, so a token may be part of \
      a UTF-8 character) or a JSON array of token strings; without it, the built-in model's \
      characters. Tokens that are not valid UTF-8 on their own show their bytes as \\xHH.
      """,
    examples: [
      "kelvin constrain --regex '(yes|no)' --prefix y",
      "kelvin constrain --json-schema schema.json --prefix '{\"name\":'",
      "kelvin constrain --tokenizer tokenizer.json --eos '<|endoftext|>' --regex '[0-9]+'",
    ])

  /// The options of `kelvin constrain`.
  struct Options: CommandOptions {
    var constraint = ConstraintOptions()
    var tokenizer: String?
    var modelDirectory: String?
    var eos: String?
    var prefix = ""
    var limit = 40
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      ConstraintOptions.declarations(at: \.constraint) + [
        .option(
          \.tokenizer, "tokenizer", "FILE",
          help: "The vocabulary: a tokenizer.json or a JSON array of token strings.",
          .nonEmpty("a file path"), default: "the built-in model's characters", path: true),
        .option(
          \.modelDirectory, "model", "DIR",
          help:
            "The vocabulary of this Hugging Face model directory (or builtin-gpt2), as kelvin generate --model constrains it: its tokenizer's bytes per id, its end of sequence.",
          .nonEmpty("a directory path"), path: true),
        .option(
          \.eos, "eos", "TOKEN",
          help: "With --tokenizer: the token (as the file writes it) that ends a sequence.",
          .nonEmpty("a token"), default: "none"),
        .option(
          \.prefix, "prefix", "TEXT", help: "Text already generated, walked through first.",
          .anyText),
        .option(
          \.limit, "limit", "N", help: "List at most N allowed tokens (table).",
          .integer(0...1_000_000)),
        .format(\.format),
      ]
    }

    static var relations: [OptionRelation<Options>] {
      ConstraintOptions.relations(at: \.constraint) + [
        .requires(\.eos, \.tokenizer), .excludes(\.modelDirectory, \.tokenizer),
      ]
    }
  }

  /// Builds the index and prints the allowed tokens.
  static func run(_ options: Options, output: CommandOutput) throws {
    guard options.constraint.isGiven else {
      throw CommandError.usage("missing constraint: give --regex <PATTERN> or --json-schema <FILE>")
    }
    let vocabulary: TokenVocabulary
    let origin: String
    if let directory = options.modelDirectory {
      vocabulary = try DecodingModel(directory: directory).vocabulary()
      origin = directory
    } else if let path = options.tokenizer {
      vocabulary = try VocabularyFile.read(
        json: try InputFile.contents(of: path), path: path, endOfSequence: options.eos)
      origin = path
    } else {
      let built = try ModelOptions().model()
      vocabulary = try TokenVocabulary(built.tokenizer, endOfSequence: built.model.endOfSequence)
      origin = "the built-in model's characters"
    }
    let clock = ContinuousClock()
    let start = clock.now
    guard var constraint = try options.constraint.constraint(over: vocabulary, requiresMatch: false)
    else { return }
    let built = clock.now - start
    let milliseconds = built.milliseconds
    constraint.accept(bytes: Array(options.prefix.utf8))
    let allowed = constraint.allowedTokens.tokens
    let index = constraint.index
    func shown(_ token: Int) -> String {
      token == vocabulary.endOfSequence ? "(end of sequence)" : display(vocabulary.tokens[token])
    }
    try output.result(options.format) {
      Document(
        pattern: constraint.pattern, vocabularySize: vocabulary.count,
        dfaStates: index.dfa.stateCount, distinctMasks: index.masks.count,
        indexBytes: index.memoryBytes, indexMilliseconds: milliseconds, prefix: options.prefix,
        complete: constraint.isComplete, allowedCount: allowed.count,
        allowed: allowed.map { Document.Token(id: $0, token: shown($0)) })
    } table: {
      var text = TextFormatting.table(
        [
          ["pattern", PrintableText.line(constraint.pattern)],
          ["vocabulary", "\(origin), \(vocabulary.count) tokens"],
          [
            "index",
            "\(index.dfa.stateCount) DFA states, \(index.masks.count) distinct masks, \(index.memoryBytes) bytes",
          ],
          [
            "prefix",
            "\(PrintableText.line(options.prefix).debugDescription): \(constraint.isComplete ? "a full match" : index.isLive(constraint.state) ? "a prefix of a match" : "not the start of any match")",
          ],
          ["allowed", "\(allowed.count) token\(allowed.count == 1 ? "" : "s")"],
        ], leftAligned: 2)
      if !allowed.isEmpty, options.limit > 0 {
        text +=
          "\n"
          + TextFormatting.table(
            [["id", "token"]] + allowed.prefix(options.limit).map { [String($0), shown($0)] },
            leftAligned: 2)
        if allowed.count > options.limit {
          text += "… and \(allowed.count - options.limit) more (--limit)\n"
        }
      }
      return text
    }
  }

  /// A token's bytes as text: UTF-8 where valid, `\xHH` for the other bytes, control
  /// characters escaped.
  static func display(_ bytes: [UInt8]) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return PrintableText.line(text) }
    return bytes.map {
      (0x20..<0x7F).contains($0)
        ? String(UnicodeScalar($0))
        : "\\x" + String($0, radix: 16, uppercase: true).leftPadded(to: 2)
    }.joined()
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
