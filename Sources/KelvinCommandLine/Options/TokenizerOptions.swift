import Kelvin

/// `--tokenizer FILE`: a Hugging Face `tokenizer.json`, read once.
struct TokenizerOptions: Sendable {
  /// The path, or nil when not given.
  var path: String?
  /// Whether special tokens written in the text are read as those tokens.
  var parsesSpecialTokens = false
  /// Whether the post-processor's special tokens are added.
  var addsSpecialTokens = false

  /// `--tokenizer` (required when `required`), `--parse-special`, `--add-special`.
  static func declarations<Options: CommandOptions>(
    at keyPath: WritableKeyPath<Options, TokenizerOptions>, required: Bool
  ) -> [OptionDeclaration<Options>] {
    [
      .option(
        keyPath.appending(path: \.path), "tokenizer", "FILE",
        help: "A Hugging Face tokenizer.json (BPE: GPT-2, Llama 2/3, Mistral, Qwen2, …).",
        .nonEmpty("a file path"), default: required ? nil : "none", path: true),
      .flag(
        keyPath.appending(path: \.parsesSpecialTokens), "parse-special",
        help:
          "Read special tokens written in the text (<|endoftext|>, <s>) as those tokens; by default they are plain text."
      ),
      .flag(
        keyPath.appending(path: \.addsSpecialTokens), "add-special",
        help: "Add the tokenizer's template tokens (a beginning-of-sequence token, say)."),
    ]
  }

  /// The encoding options.
  var encoding: HuggingFaceTokenizer.EncodingOptions {
    .init(parsesSpecialTokens: parsesSpecialTokens, addsSpecialTokens: addsSpecialTokens)
  }

  /// Reads the tokenizer.
  ///
  /// - Throws: ``CommandError`` when `--tokenizer` is missing; file and tokenizer errors.
  func load() throws -> HuggingFaceTokenizer {
    guard let path else { throw CommandError.usage("missing --tokenizer <FILE>") }
    return try HuggingFaceTokenizer(contentsOf: path)
  }
}
