import KelvinPlot
import Testing

@Suite("series styles")
struct SeriesStyleTests {
  @Test("16 series differ pairwise; two that share a colour differ in both marker and dash")
  func distinguishable() {
    let styles = (0..<16).map(SeriesStyle.series)
    for i in styles.indices {
      for j in styles.indices where j > i {
        let a = styles[i]
        let b = styles[j]
        let differences = [a.colour != b.colour, a.marker != b.marker, a.dash != b.dash].filter {
          $0
        }.count
        #expect(differences >= (a.colour == b.colour ? 2 : 1), "\(i) and \(j)")
      }
    }
  }
}
