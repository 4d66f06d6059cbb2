import Foundation
import TestSupport
import Testing

/// Every report kind (run, sweep, capacity) rendered by a real browser (headless Chromium, Debian's `chromium`):
/// each chart has drawn marks and no text of a chart overlaps another. A script added to a copy of the page measures
/// the laid-out boxes and writes its findings into the DOM, which `--dump-dom` returns.
@Suite(.serialized) struct BrowserRenderTests {
    struct ChartCheck: Decodable {
        var chart: String
        var marks: Int
        var overlaps: [String]
        var outside: [String]
    }

    static let probe = """
        <script>
        window.addEventListener('load', function () {
          var out = [];
          document.querySelectorAll('svg.chart').forEach(function (svg) {
            var frame = svg.getBoundingClientRect();
            var marks = Array.prototype.filter.call(
              svg.querySelectorAll('polyline, circle, rect[data-state], rect[data-category]'),
              function (e) { var b = e.getBoundingClientRect(); return b.width > 0 || b.height > 0; }).length;
            var texts = Array.prototype.filter.call(svg.querySelectorAll('text'), function (t) { return t.textContent.trim() !== ''; })
              .map(function (t) { return { text: t.textContent, box: t.getBoundingClientRect() }; });
            var overlaps = [], outside = [];
            for (var a = 0; a < texts.length; a++) {
              var A = texts[a].box;
              if (A.left < frame.left - 1 || A.right > frame.right + 1 || A.top < frame.top - 1 || A.bottom > frame.bottom + 1) outside.push(texts[a].text);
              for (var b = a + 1; b < texts.length; b++) {
                var B = texts[b].box;
                var w = Math.min(A.right, B.right) - Math.max(A.left, B.left), h = Math.min(A.bottom, B.bottom) - Math.max(A.top, B.top);
                if (w > 1 && h > 1) overlaps.push(texts[a].text + ' | ' + texts[b].text);
              }
            }
            out.push({ chart: svg.getAttribute('aria-label'), marks: marks, overlaps: overlaps, outside: outside });
          });
          var pre = document.createElement('pre');
          pre.id = 'recsim-probe';
          pre.textContent = JSON.stringify(out);
          document.body.appendChild(pre);
        });
        </script>
        """

    static func chromium() throws -> URL {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        throw ProcessRunner.MissingTool(tool: "chromium", install: "apt-get install -y chromium")
    }

    /// Renders `page` with the probe and returns one check per chart.
    static func check(_ page: URL) throws -> [ChartCheck] {
        let html = try String(contentsOf: page, encoding: .utf8)
        let probed = page.deletingLastPathComponent().appendingPathComponent("probed.html")
        try html.replacingOccurrences(of: "</body>", with: probe + "</body>").write(
            to: probed, atomically: true, encoding: .utf8)
        let (status, out, err) = try ProcessRunner.run(
            try chromium(),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--virtual-time-budget=5000",
                "--dump-dom", probed.absoluteString,
            ])
        #expect(status == 0, "\(err)")
        guard let start = out.range(of: "<pre id=\"recsim-probe\">"),
            let end = out.range(of: "</pre>", range: start.upperBound..<out.endIndex)
        else {
            Issue.record("the probe did not run: \(out.prefix(300))")
            return []
        }
        let json = String(out[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
        return try JSONDecoder().decode([ChartCheck].self, from: Data(json.utf8))
    }

    static func expectClean(_ checks: [ChartCheck], kind: String, atLeast: Int) {
        #expect(checks.count >= atLeast, "\(kind): \(checks.count) charts")
        for c in checks {
            #expect(c.marks > 0, "\(kind): chart '\(c.chart)' has no drawn marks")
            #expect(c.overlaps.isEmpty, "\(kind): chart '\(c.chart)' has overlapping text: \(c.overlaps)")
            #expect(c.outside.isEmpty, "\(kind): chart '\(c.chart)' has text outside its frame: \(c.outside)")
        }
    }

    @Test func runSweepAndCapacityReportsRenderCleanly() throws {
        _ = try Self.chromium()
        let dir = try TemporaryFolder.make("browser")
        defer { try? FileManager.default.removeItem(at: dir) }
        func recsim(_ args: [String]) throws {
            let (status, _, err) = try ProcessRunner.recsim(args, in: dir)
            #expect(status == 0 || status == 1, "\(args.first ?? ""): \(err)")
        }
        // Cold starts: false denies, so every chart has marks.
        try recsim([
            "run", PackagePaths.scenario("rare-traffic"), "--days", "3", "--engine-start", "0s", "--report", "run",
        ])
        try recsim([
            "sweep", PackagePaths.scenario("rare-traffic"), "--interval", "150s,10m", "--stabilization",
            "10m,1h,1d",
            "--seeds", "1..2", "--days", "2", "--engine-start", "0s", "--db", "sweep.sqlite", "--report", "sweep",
        ])
        try recsim([
            "capacity", PackagePaths.scenario("large"), "--namespaces", "2,4,8", "--days", "0.1", "--db",
            "cap.sqlite",
            "--report", "capacity", "--project", "100",
        ])
        // Run: status overview, by-namespace bars, false denies, one status and one rule chart per namespace.
        Self.expectClean(try Self.check(dir.appendingPathComponent("run/index.html")), kind: "run", atLeast: 10)
        Self.expectClean(try Self.check(dir.appendingPathComponent("sweep/index.html")), kind: "sweep", atLeast: 3)
        Self.expectClean(
            try Self.check(dir.appendingPathComponent("capacity/index.html")), kind: "capacity", atLeast: 7)
    }

    /// The probe itself finds what it looks for: an empty chart and two labels on top of each other.
    @Test func probeSeesMissingMarksAndOverlaps() throws {
        _ = try Self.chromium()
        let dir = try TemporaryFolder.make("browser-probe")
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("index.html")
        try """
        <!DOCTYPE html><html><body>
        <svg xmlns="http://www.w3.org/2000/svg" class="chart line" width="300" height="100" aria-label="broken">
        <text x="10" y="20" font-size="11">first label</text><text x="14" y="22" font-size="11">second label</text>
        <text x="290" y="50" font-size="11">cut off at the edge</text>
        </svg>
        <svg xmlns="http://www.w3.org/2000/svg" class="chart line" width="300" height="100" aria-label="fine">
        <polyline points="0,0 100,50" stroke="#000" fill="none"/><text x="10" y="20" font-size="11">alone</text>
        </svg>
        </body></html>
        """.write(to: page, atomically: true, encoding: .utf8)
        let checks = try Self.check(page)
        #expect(checks.map(\.chart) == ["broken", "fine"])
        #expect(checks[0].marks == 0 && checks[0].overlaps == ["first label | second label"])
        #expect(checks[0].outside == ["cut off at the edge"])
        #expect(checks[1].marks == 1 && checks[1].overlaps.isEmpty && checks[1].outside.isEmpty)
    }
}
