/// A prompt of the decoding study and the human text that followed it.
public struct StudyPrompt: Sendable, Equatable {
  /// The first words of a passage.
  public let prompt: String
  /// The rest of the passage, from the space after the prompt (the reference a person wrote).
  public let continuation: String

  /// Creates a prompt from its two parts.
  public init(prompt: String, continuation: String) {
    self.prompt = prompt
    self.continuation = continuation
  }

  /// The number of passages (lines) of `text` long enough to give a prompt: at least
  /// `promptWords + 8` words.
  ///
  /// - Complexity: O(length of `text`).
  public static func availableCount(in text: String, promptWords: Int = 5) -> Int {
    passages(of: text, promptWords: promptWords).count
  }

  /// `count` prompts drawn from the long passages (lines) of `text`.
  ///
  /// The passages of at least `promptWords + 8` words, evenly spaced: passage
  /// `⌊i · available / count⌋` for i = 0, 1, …, so the same text and count always give the
  /// same prompts. Each prompt is
  /// the passage's first `promptWords` words; its continuation the rest of the line.
  ///
  /// - Returns: `count` prompts, or fewer when the text has fewer passages.
  /// - Complexity: O(length of `text`).
  public static func drawn(from text: String, count: Int, promptWords: Int = 5) -> [StudyPrompt] {
    let passages = passages(of: text, promptWords: promptWords)
    guard count > 0, !passages.isEmpty else { return [] }
    let taken = min(count, passages.count)
    return (0..<taken).map { index in
      let line = passages[index * passages.count / taken]
      // The end of the prompt's last word: the start of the `promptWords + 1`-th word's gap.
      var words = 0
      var inWord = false
      var cut = line.endIndex
      for position in line.indices {
        let isSpace = line[position].isWhitespace
        if !isSpace && !inWord { words += 1 }
        if isSpace && inWord && words == promptWords {
          cut = position
          break
        }
        inWord = !isSpace
      }
      return StudyPrompt(prompt: String(line[..<cut]), continuation: String(line[cut...]))
    }
  }

  static func passages(of text: String, promptWords: Int) -> [Substring] {
    text.split(separator: "\n").filter {
      $0.split(whereSeparator: \.isWhitespace).count >= promptWords + 8
    }
  }
}
