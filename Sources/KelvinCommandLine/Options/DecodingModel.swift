import Kelvin

/// The model a decoding command runs, with its tokenizer: the built-in character n-gram (or
/// one trained on `--corpus`), or a Hugging Face checkpoint directory (`--model DIR`:
/// `config.json`, `model.safetensors`, `tokenizer.json`).
struct DecodingModel {
  /// The model (a value: each copy has its own cache).
  var model: any LanguageModel
  /// Its tokenizer.
  let tokenizer: any Tokenizer
  /// The token ids of a prompt: for a checkpoint, with the tokenizer's template applied (its
  /// begin-of-text token), as transformers' `tokenizer(prompt)` gives them.
  let encodePrompt: (String) throws -> [Int]
  /// The constraint vocabulary: each token's bytes.
  let vocabulary: () throws -> TokenVocabulary
  /// For a checkpoint: its configuration and where its tokenizer.json is (the bundled
  /// model's name resolved); `nil` for the built-in model.
  let checkpoint: (configuration: ModelConfiguration, tokenizerPath: String)?

  /// The model's end-of-sequence token.
  var endOfSequence: Int? { model.endOfSequence }

  /// The built-in model of `options`.
  ///
  /// - Throws: As ``ModelOptions/model()``.
  init(builtIn options: ModelOptions) throws {
    let built = try options.model()
    model = built.model
    tokenizer = built.tokenizer
    encodePrompt = { try built.tokenizer.encode($0) }
    vocabulary = {
      try TokenVocabulary(built.tokenizer, endOfSequence: built.model.endOfSequence)
    }
    checkpoint = nil
  }

  /// The checkpoint in `directory`, or the bundled one for ``BundledModel/name``
  /// (`builtin-gpt2`; `./builtin-gpt2` names a directory of that name).
  ///
  /// - Throws: ``KelvinIOError`` naming the file and the key or tensor at fault (65 and 66
  ///   through ``ErrorReport``); ``CommandError`` (65) for a tokenizer with more tokens than
  ///   the model has logits.
  init(directory given: String) throws {
    let directory = given == BundledModel.name ? try BundledModel.directory() : given
    let loaded = try TransformerModel(directory: directory)
    let path = directory + "/tokenizer.json"
    let tokenizer = try HuggingFaceTokenizer(contentsOf: path)
    guard tokenizer.vocabularySize <= loaded.vocabularySize else {
      throw CommandError.data(
        "\(path): the tokenizer has \(tokenizer.vocabularySize) tokens but the model's vocab_size is \(loaded.vocabularySize)",
        flag: "--model")
    }
    model = loaded
    self.tokenizer = tokenizer
    encodePrompt = {
      try tokenizer.encode($0, options: .init(parsesSpecialTokens: false, addsSpecialTokens: true))
    }
    vocabulary = {
      try TokenVocabulary(
        tokenizer, size: loaded.vocabularySize, endOfSequence: loaded.endOfSequence)
    }
    checkpoint = (loaded.configuration, path)
  }

  /// The ids of `text` (a prompt when `prompt`, else plain text such as a banned word).
  ///
  /// - Throws: ``CommandError`` (65) naming `what` for text the tokenizer cannot encode.
  func encode(_ text: String, what: String, prompt: Bool = true) throws -> [Int] {
    do {
      return prompt ? try encodePrompt(text) : try tokenizer.encode(text)
    } catch let error as DecodingError {
      throw CommandError.data("\(what): \(error)")
    } catch let error as TokenizerError {
      throw CommandError.data("\(what): \(error)")
    }
  }

  /// The text of `tokens`, the end-of-sequence token left out.
  ///
  /// - Throws: The tokenizer's error for an id it does not have.
  func text(of tokens: [Int]) throws -> String {
    try tokenizer.decode(tokens.filter { $0 != endOfSequence })
  }
}
