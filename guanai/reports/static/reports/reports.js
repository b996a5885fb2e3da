// The figures pages: ECharts charts whose every bar and point is a link (the drill-down), pickers that
// apply on change, and the print button. Data comes from <script type="application/json"> blocks
// written by Django's json_script; each item has a url to go to when clicked.
"use strict";

(() => {
  const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif';
  const PRIMARY = "#0f5e74";
  const GRID = "#e8edf0";

  function suffix(unit) {
    return unit === "ratio" ? "%" : unit === "fen" ? " 元" : "";
  }

  function barsOption(data, horizontal) {
    const labels = horizontal ? data.labels.slice().reverse() : data.labels;
    const values = horizontal ? data.values.slice().reverse() : data.values;
    const category = { type: "category", data: labels, axisTick: { show: false }, axisLabel: { color: "#3c4a57" },
                       axisLine: { lineStyle: { color: GRID } } };
    const value = { type: "value", splitLine: { lineStyle: { color: GRID } },
                    axisLabel: { formatter: (v) => `${v}${suffix(data.unit)}` } };
    return {
      textStyle: { fontFamily: FONT }, animation: false, color: [PRIMARY],
      grid: { left: 8, right: 40, top: 12, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => `${v}${suffix(data.unit)}` },
      xAxis: horizontal ? value : category, yAxis: horizontal ? category : value,
      series: [{ name: data.name, type: "bar", data: values, barMaxWidth: 22, cursor: "pointer",
                 label: { show: true, position: horizontal ? "right" : "top", fontSize: 11,
                          formatter: (p) => (p.value ? `${p.value}${suffix(data.unit)}` : "") } }],
    };
  }

  function trendOption(data) {
    const option = barsOption(data, false);
    option.series = [{ name: data.name, type: "line", data: data.values, symbolSize: 8, cursor: "pointer",
                       label: { show: false } }];
    return option;
  }

  const BUILDERS = {
    bars: (data) => barsOption(data, true),
    people: (data) => barsOption(data, true),
    trend: trendOption,
  };

  function draw(element) {
    const source = document.getElementById(element.dataset.source);
    const build = BUILDERS[element.dataset.rchart];
    if (!source || !build || !window.echarts) return;
    const data = JSON.parse(source.textContent);
    const horizontal = element.dataset.rchart !== "trend";
    if (horizontal) element.style.height = `${Math.max(180, data.labels.length * 28 + 40)}px`;
    const chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(build(data));
    // Horizontal bars are drawn bottom-up: the clicked index counts from the end.
    chart.on("click", (params) => {
      const index = horizontal ? data.urls.length - 1 - params.dataIndex : params.dataIndex;
      if (data.urls[index]) window.location.href = data.urls[index];
    });
    window.addEventListener("resize", () => chart.resize());
    window.addEventListener("beforeprint", () => chart.resize());
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-rchart]").forEach(draw);
    document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
      select.addEventListener("change", () => select.form.submit());
    });
    document.querySelectorAll("[data-print]").forEach((button) => {
      button.addEventListener("click", () => window.print());
    });
  });
})();
