// ECharts figures on a page. Each chart is a <div data-chart="KIND" data-source="ID"> whose data sits
// in a <script type="application/json" id="ID"> block written by Django's json_script filter.
"use strict";

(() => {
  const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';
  const COLORS = { covered: "#0f5e74", missing: "#d8e1e6", text: "#3c4a57", grid: "#e8edf0" };

  function coverageOption(data) {
    const labels = data.labels.slice().reverse();
    const covered = data.covered.slice().reverse();
    const missing = data.missing.slice().reverse();
    return {
      textStyle: { fontFamily: FONT, color: COLORS.text },
      animation: false,
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontFamily: FONT } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, textStyle: { fontFamily: FONT } },
      xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: COLORS.grid } } },
      yAxis: { type: "category", data: labels, axisTick: { show: false },
               axisLine: { lineStyle: { color: COLORS.grid } }, axisLabel: { color: COLORS.text } },
      series: [
        { name: data.names.covered, type: "bar", stack: "villages", data: covered, barMaxWidth: 18,
          itemStyle: { color: COLORS.covered },
          label: { show: true, position: "insideLeft", color: "#fff", formatter: (p) => (p.value ? p.value : "") } },
        { name: data.names.missing, type: "bar", stack: "villages", data: missing, barMaxWidth: 18,
          itemStyle: { color: COLORS.missing, borderRadius: [0, 3, 3, 0] } },
      ],
    };
  }

  const PALETTE = ["#0f5e74", "#c8473f", "#e0a526", "#2e7d4f", "#6b5aa6", "#7a8b99"];

  function categoriesOption(data) {
    const labels = data.labels.slice().reverse();
    return {
      textStyle: { fontFamily: FONT, color: COLORS.text },
      animation: false,
      color: PALETTE,
      grid: { left: 8, right: 24, top: 56, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontFamily: FONT } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, textStyle: { fontFamily: FONT } },
      xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: COLORS.grid } } },
      yAxis: { type: "category", data: labels, axisTick: { show: false },
               axisLine: { lineStyle: { color: COLORS.grid } }, axisLabel: { color: COLORS.text } },
      series: data.series.map((s) => ({ name: s.name, type: "bar", stack: "people", barMaxWidth: 18,
                                       data: s.data.slice().reverse() })),
    };
  }

  const BUILDERS = { coverage: coverageOption, categories: categoriesOption };

  function draw(element) {
    const source = document.getElementById(element.dataset.source);
    const build = BUILDERS[element.dataset.chart];
    if (!source || !build || !window.echarts) return;
    const data = JSON.parse(source.textContent);
    element.style.height = `${Math.max(180, data.labels.length * 30 + 80)}px`;
    const chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(build(data));
    window.addEventListener("resize", () => chart.resize());
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
