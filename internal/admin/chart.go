package admin

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead/internal/newsletter"
)

// Line charts of counts per day: server-drawn SVG, no script, with a
// title and description and the same figures as a table (decision 0026).
// The subscribers-over-time chart and the analytics pages' page views
// (decision 0033) are drawn by the same code.

// chartRanges are the periods the chart offers, in days; the first is the default.
var chartRanges = []struct {
	Days  int
	Label string
}{{90, "90 days"}, {30, "30 days"}, {365, "1 year"}}

// Chart geometry, in SVG user units.
const (
	chartW, chartH             = 720, 260
	chartLeft, chartRight      = 56, 16
	chartTop, chartBottom      = 12, 30
	chartPlotW, chartPlotH     = chartW - chartLeft - chartRight, chartH - chartTop - chartBottom
	chartXTicks, chartYTickMax = 6, 5
)

// Line colours (each at least 4.5:1 on white) and dash patterns, so that
// lines differ for readers who cannot tell the colours apart.
var (
	chartColours = []string{"#1f5fa6", "#b5421b", "#1a7047", "#6b3fa0", "#7a6000", "#333333"}
	chartDashes  = []string{"", "8 4", "2 4", "10 4 2 4", "4 4", "1 3"}
)

type lineChart struct {
	// ID prefixes the element ids; Heading, Title (of the picture, before
	// its dates), Caption (of the table) and Empty (without series) are
	// the chart's words.
	ID, Heading, Title  string
	Caption, Empty      string
	Days                int
	Ranges              []chartRangeLink
	Width, Height       int
	PlotLeft, PlotRight int
	PlotTop, PlotBottom int
	Lines               []chartLine
	YTicks, XTicks      []chartTick
	From, To            string
	Desc                string
	Names               []string
	Rows                []chartRow
	TableNote           string
}

type chartRangeLink struct {
	Label, URL string
	Current    bool
}

type chartLine struct {
	Name          string
	Points        string
	Colour, Dash  string
	First, Latest int
}

type chartTick struct {
	At     int
	Label  string
	Anchor string // text-anchor: the end labels stay inside the picture
}

type chartRow struct {
	Date   string
	ISO    string
	Counts []int
}

// chartDays reads the chart's period from the query, the default if it is
// not one of those offered.
func chartDays(q url.Values) int {
	n, _ := strconv.Atoi(q.Get("days"))
	for _, r := range chartRanges {
		if r.Days == n {
			return n
		}
	}
	return chartRanges[0].Days
}

// newGrowthChart lays out g; filters go into the period links so that
// choosing a period keeps the list as it was.
func newGrowthChart(g newsletter.Growth, days int, filters url.Values) *lineChart {
	var series []chartSeries
	for _, s := range g.Series {
		series = append(series, chartSeries{Name: s.Newsletter.Name, Counts: s.Counts})
	}
	c := newLineChart(g.Days, series)
	c.ID, c.Heading, c.Title = "growth", "Confirmed subscribers over time", "Confirmed subscribers per newsletter"
	c.Caption, c.Empty = "Confirmed subscribers at the end of each day, newest first.", "No newsletters yet."
	c.Days = days
	for _, r := range chartRanges {
		q := url.Values{}
		for k, v := range filters {
			q[k] = v
		}
		if r.Days != chartRanges[0].Days {
			q.Set("days", strconv.Itoa(r.Days))
		}
		c.Ranges = append(c.Ranges, chartRangeLink{Label: r.Label, URL: "/admin/subscribers?" + q.Encode(), Current: r.Days == days})
	}
	if len(c.Lines) > 0 {
		var desc []string
		for _, l := range c.Lines {
			desc = append(desc, fmt.Sprintf("%s: %d to %d", l.Name, l.First, l.Latest))
		}
		c.Desc = fmt.Sprintf("Confirmed subscribers of each newsletter at the end of each day from %s to %s. %s.", c.From, c.To, strings.Join(desc, "; "))
	}
	return c
}

// chartSeries is one line: a count per day of the chart.
type chartSeries struct {
	Name   string
	Counts []int
}

// newLineChart lays out one line per series over days (oldest first);
// the caller sets the words, the period links and the description.
func newLineChart(days []time.Time, series []chartSeries) *lineChart {
	c := &lineChart{Width: chartW, Height: chartH, PlotLeft: chartLeft, PlotRight: chartW - chartRight,
		PlotTop: chartTop, PlotBottom: chartTop + chartPlotH}
	n := len(days)
	if n == 0 {
		return c
	}
	c.From, c.To = days[0].Format("2 January 2006"), days[n-1].Format("2 January 2006")
	top := 0
	for _, s := range series {
		for _, v := range s.Counts {
			top = max(top, v)
		}
	}
	top, step := niceScale(top)
	x := func(i int) float64 {
		if n == 1 {
			return chartLeft + chartPlotW/2
		}
		return chartLeft + float64(i)*chartPlotW/float64(n-1)
	}
	y := func(v int) float64 { return chartTop + chartPlotH - float64(v)*chartPlotH/float64(top) }
	for v := 0; v <= top; v += step {
		c.YTicks = append(c.YTicks, chartTick{At: int(math.Round(y(v))), Label: strconv.Itoa(v)})
	}
	for k := range chartXTicks {
		i := k * (n - 1) / (chartXTicks - 1)
		if k > 0 && i == (k-1)*(n-1)/(chartXTicks-1) {
			continue
		}
		c.XTicks = append(c.XTicks, chartTick{At: int(math.Round(x(i))), Label: days[i].Format("2 Jan"), Anchor: "middle"})
	}
	if k := len(c.XTicks); k > 1 {
		c.XTicks[0].Anchor, c.XTicks[k-1].Anchor = "start", "end"
	}
	for j, s := range series {
		var pts strings.Builder
		for i, v := range s.Counts {
			fmt.Fprintf(&pts, "%.1f,%.1f ", x(i), y(v))
		}
		l := chartLine{Name: s.Name, Points: strings.TrimSpace(pts.String()), Colour: chartColours[j%len(chartColours)],
			Dash: chartDashes[j%len(chartDashes)], First: s.Counts[0], Latest: s.Counts[n-1]}
		c.Lines = append(c.Lines, l)
		c.Names = append(c.Names, l.Name)
	}
	// The table: every day for short periods, every seventh (ending today) for long ones.
	every := 1
	if n > 92 {
		every = 7
		c.TableNote = "One row a week, ending today."
	}
	for i := n - 1; i >= 0; i -= every {
		row := chartRow{Date: days[i].Format("Mon 2 Jan 2006"), ISO: days[i].Format(time.DateOnly)}
		for _, s := range series {
			row.Counts = append(row.Counts, s.Counts[i])
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}

// niceScale rounds the axis's top up to 1, 2 or 5 times a power of ten
// and picks a step giving at most chartYTickMax intervals.
func niceScale(top int) (int, int) {
	if top < 4 {
		return 4, 1
	}
	mag := int(math.Pow(10, math.Floor(math.Log10(float64(top)/chartYTickMax))))
	for _, m := range []int{1, 2, 5, 10} {
		step := m * mag
		if step*chartYTickMax >= top {
			return (top + step - 1) / step * step, step
		}
	}
	step := 10 * mag
	return (top + step - 1) / step * step, step
}
