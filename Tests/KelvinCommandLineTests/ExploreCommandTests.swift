import Foundation
import KelvinCommandLine
import Testing

@Suite("kelvin explore")
struct ExploreCommandTests {
  @Test("samples at each grid temperature; τ = 0 is greedy, so every sample is the same text")
  func samples() throws {
    let (_, data) = try explorerPage(
      "--sample-grid", "0,1,inf", "--samples", "3", "--max-tokens", "30")
    let samples = try #require(data["samples"] as? [String: Any])
    let rows = try #require(samples["rows"] as? [[String: Any]])
    #expect(rows.count == 3)
    #expect((rows[0]["temperature"] as? NSNumber)?.doubleValue == 0)
    #expect(rows[2]["temperature"] as? String == "inf")
    let greedy = try #require(rows[0]["texts"] as? [String])
    #expect(greedy.count == 3 && Set(greedy).count == 1)
    // At τ = ∞ every character of the 97-token vocabulary is equally likely: three samples
    // of 30 characters agree by chance with probability far below 1e-50.
    let uniform = try #require(rows[2]["texts"] as? [String])
    #expect(Set(uniform).count == 3)
    // The model gives its own greedy text a perplexity below uniform's and uniform text one
    // above the model's average (both ≥ 1 by definition).
    let low = try #require((rows[0]["perplexity"] as? NSNumber)?.doubleValue)
    let high = try #require((rows[2]["perplexity"] as? NSNumber)?.doubleValue)
    #expect(low >= 1 && low < 97 && high > low)
  }

  @Test("only .html outputs, checked before anything runs; no file on a data error")
  func badInput() throws {
    let png = kelvin("explore", "--output", "explorer.png")
    #expect(png.exitCode == .usage && png.standardError.contains("--output"))
    #expect(png.standardError.contains(".html"))
    let missing = kelvin("explore")
    #expect(missing.exitCode == .usage && missing.standardError.contains("--output"))
    let directory = kelvin("explore", "--output", "/nonexistent/dir/explorer.html")
    #expect(directory.exitCode != .success && directory.standardError.contains("/nonexistent"))

    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("kelvin-explore-\(UUID().uuidString).html").path
    let nan = kelvin("explore", "--logits", "1,nan", "--output", path)
    #expect(nan.exitCode == .dataError && nan.standardError.contains("nan"))
    let topK = kelvin("explore", "--top-k", "5", "--output", path)
    #expect(topK.exitCode == .usage && topK.standardError.contains("--top-k 5"))
    let topP = kelvin("explore", "--top-p", "1.5", "--output", path)
    #expect(topP.exitCode == .usage && topP.standardError.contains("--top-p"))
    #expect(!FileManager.default.fileExists(atPath: path))
  }
}
