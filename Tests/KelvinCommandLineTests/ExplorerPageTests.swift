import Foundation
import KelvinCommandLine
import Testing

/// The page `kelvin explore` writes, read back as a file.
func explorerPage(_ arguments: String...) throws -> (html: String, data: [String: Any]) {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("kelvin-explorer-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: directory) }
  let path = directory.appendingPathComponent("page.html").path
  let outcome = KelvinCommandLine.run(["explore", "--output", path] + arguments)
  #expect(outcome.exitCode == .success, "\(outcome.standardError)")
  let html = try String(contentsOfFile: path, encoding: .utf8)
  return (html, try parseJSON(try explorerData(in: html)))
}

/// The JSON inside `<script type="application/json" id="kelvin-data">`.
func explorerData(in html: String) throws -> String {
  let opening = #"<script type="application/json" id="kelvin-data">"#
  guard let start = html.range(of: opening),
    let end = html.range(of: "</script>", range: start.upperBound..<html.endIndex)
  else { throw CocoaError(.coderReadCorrupt) }
  return String(html[start.upperBound..<end.lowerBound])
}

@Suite("The explorer page")
struct ExplorerPageTests {
  @Test("one self-contained file under 1 MB: no script, style, font or link from elsewhere")
  func selfContained() throws {
    let (html, _) = try explorerPage()
    #expect(html.utf8.count < 1_000_000)
    for outside in ["src=", "<link", "@import", "url(", "https:", "@font-face"] {
      #expect(!html.contains(outside), "the page loads something: \(outside)")
    }
    // The only address in the page is the SVG namespace, which is a name, not a request.
    let addresses = html.components(separatedBy: "http://").dropFirst()
    #expect(addresses.allSatisfy { $0.hasPrefix("www.w3.org/2000/svg") })
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.contains("/*KELVIN-DATA*/"))
  }

  @Test("the data holds the logits (a mask as null) and the state the page opens with")
  func data() throws {
    let (_, data) = try explorerPage(
      "--logits", "3,-inf,1", "--temperature", "inf", "--top-k", "2", "--top-p", "0.8",
      "--min-p", "0.1", "--chain-order", "hf", "--sample-grid", "1", "--samples", "1",
      "--max-tokens", "5")
    #expect(numbers(data["logits"]) == [3, nil, 1])
    let state = try #require(data["state"] as? [String: Any])
    #expect(state["temperature"] as? String == "inf")
    #expect((state["top_k"] as? NSNumber)?.intValue == 2)
    #expect((state["top_p"] as? NSNumber)?.doubleValue == 0.8)
    #expect((state["min_p"] as? NSNumber)?.doubleValue == 0.1)
    #expect(state["order"] as? String == "hf")
  }

  @Test("no text in the data can end the script: every < is written \\u003c")
  func escaping() throws {
    let prompt = "</script><script>alert(1)</script><!--"
    let (html, data) = try explorerPage(
      "--prompt", prompt, "--sample-grid", "0", "--samples", "1", "--max-tokens", "3")
    #expect(!html.contains("alert(1)</script>"))
    let samples = try #require(data["samples"] as? [String: Any])
    #expect(samples["prompt"] as? String == prompt)
  }
}
