// The network page's behaviour. Every piece of text from the graph reaches the page through
// textContent or the canvas, never as HTML, so a source quoting "<script>" shows it as text.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("graph-data").textContent);
  // A large page sends its nodes and edges as columns (graph/render.py _columns, _edge_table).
  if (data.columns) {
    const c = data.columns;
    data.nodes = c.label.map((label, i) => ({
      iri: c.iriPrefixes[c.iriPrefix[i]] + c.iriLocal[i], label: label, type: c.types[c.type[i]],
      x: c.x[i], y: c.y[i], size: c.size[i],
    }));
    Object.entries(c.sparse).forEach(([key, column]) => {
      column.i.forEach((i, k) => { data.nodes[i][key] = column.v[k]; });
    });
    const flat = data.edgeTable.flat;
    data.edges = [];
    for (let k = 0; k < flat.length; k += 3) data.edges.push([flat[k], flat[k + 1], data.edgeTable.labels[flat[k + 2]]]);
  }
  // Fields at their defaults are left out of the data (graph/render.py NODE_DEFAULTS): fill them in.
  const defaults = { status: "", independent: 0, unreviewed: 0, structural: false, compare: null };
  const lists = ["years", "details", "aliases", "conflicts", "sourceIds", "offices", "facts"];
  data.nodes.forEach((n) => {
    for (const key in defaults) if (n[key] === undefined) n[key] = defaults[key];
    for (const key of lists) if (n[key] === undefined) n[key] = [];
  });
  const byId = (id) => document.getElementById(id);
  const make = (tag, text, className) => {
    const element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = String(text);
    if (className) element.className = className;
    return element;
  };

  // Above this many nodes vis-network would spend seconds building an object per edge (about 1.3 s
  // for 30,000) and redrawing them: the page then draws the edges itself, as plain lines under the
  // nodes, and lists each node's relations in its details instead of labelling every edge.
  const large = data.nodes.length > 2000;
  const EDGE_LABEL_HIDDEN = "rgba(0, 0, 0, 0)";
  const EDGE_LABEL_SCALE = 1.6;

  const TIMELINE_MARKS = 1500;
  const MIN_SPAN_DAYS = 60;  // the shortest span the timeline shows
  const MARK_WIDTH = 8;  // a day's mark, in pixels
  const LANE_HEIGHT = 14;
  const LANES_HEIGHT = 84;  // the marks' height at most: the timeline never scrolls
  const LABELLED_LANES = Math.floor(LANES_HEIGHT / LANE_HEIGHT);
  const LABEL_MAX_WIDTH = 150;
  const MIN_LABEL_WIDTH = 40;
  const SIDE_BY_SIDE = 6;  // marks of one day abreast, at most
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // The timeline's ticks: years, months or days, whichever gives at most one tick per 80 pixels.
  function timelineTicks(t0, t1, pixels) {
    const most = Math.max(2, Math.floor(pixels / 80));
    const days = (t1 - t0) / 86400000;
    const from = new Date(t0);
    const ticks = [];
    const push = (at, words) => { if (at >= t0 && at <= t1) ticks.push([at, words]); };
    const yearSteps = [1, 2, 5, 10, 20, 50, 100].find((n) => days / 365.25 / n <= most);
    const monthSteps = [1, 2, 3, 6].find((n) => days / 30.44 / n <= most);
    const daySteps = [1, 2, 7, 14].find((n) => days / n <= most);
    if (daySteps) {
      for (let at = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1); at <= t1; at += daySteps * 86400000) {
        const d = new Date(at);
        push(at, d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + (ticks.length === 0 || (d.getUTCMonth() === 0 && d.getUTCDate() <= daySteps) ? " " + d.getUTCFullYear() : ""));
      }
    } else if (monthSteps && !yearSteps || monthSteps && days < 3 * 365.25) {
      for (let m = from.getUTCMonth() + 1, y = from.getUTCFullYear(); Date.UTC(y, m, 1) <= t1; m += monthSteps) {
        const d = new Date(Date.UTC(y, m, 1));
        push(d.getTime(), MONTHS[d.getUTCMonth()] + (ticks.length === 0 || d.getUTCMonth() < monthSteps ? " " + d.getUTCFullYear() : ""));
      }
    } else {
      const step = yearSteps || 100;
      for (let y = Math.ceil(from.getUTCFullYear() / step) * step; Date.UTC(y, 0, 1) <= t1; y += step) push(Date.UTC(y, 0, 1), String(y));
    }
    return ticks;
  }
  const dim = { background: "#e6e6e6", border: "#d0d0d0" };
  const groups = {};
  data.classes.forEach((c) => {
    groups[c.name] = { shape: c.shape, color: { background: c.color, border: "#444" } };
  });

  // Each node's relations, both directions: [[other node, label, outgoing?, office link?], ...].
  // An office link ("Defense Minister of Ukraine", person to country) stands in the analyst's view
  // for the post, post holding and body nodes that the full structure view draws.
  const relations = data.nodes.map(() => []);
  data.edges.forEach(([from, to, label]) => {
    relations[from].push([to, label, true, false]);
    relations[to].push([from, label, false, false]);
  });
  data.officeLinks.forEach(([from, to, label]) => {
    relations[from].push([to, label, true, true]);
    relations[to].push([from, label, false, true]);
  });
  let fullStructure = false;
  const relationShown = (relation) => (relation[3] ? !fullStructure : fullStructure || !data.nodes[relation[0]].structural);

  // A node the sources disagree on carries a badge before its label and a red border.
  const disputed = { border: "#c0392b", background: undefined };
  // A large page (graph/render.py PROGRESSIVE_ABOVE) starts with the countries and the best-connected entities,
  // and adds a neighbourhood when a node is found or clicked: vis-network would spend seconds on
  // an object per node for 100,000 of them.
  const progressive = Boolean(data.progressive);
  const inView = new Uint8Array(data.nodes.length).fill(progressive ? 0 : 1);
  if (progressive) {
    const byDegree = data.nodes.map((_, i) => i).sort((a, b) => relations[b].length - relations[a].length || a - b);
    byDegree.slice(0, data.progressive.core).forEach((i) => { inView[i] = 1; });
    data.nodes.forEach((n, i) => { if (n.type === "Country") inView[i] = 1; });
  }
  function visNode(n, i) {
    // The number of independent sources behind a node shows under its name, when more than one.
    const label = n.label + (n.independent >= 2 ? "\n" + n.independent + " sources" : "");
    const node = { id: i, label: label, x: n.x, y: n.y, size: n.size, group: n.type };
    if (n.conflicts.length) {
      node.label = "\u26a0 " + node.label;
      node.borderWidth = 3;
      node.color = { border: disputed.border, background: (groups[n.type] || {}).color?.background };
    }
    // Claims a machine proposed and no one reviewed: a pencil before the label, a dashed border.
    if (n.unreviewed) {
      node.label = "\u270e " + node.label;
      node.shapeProperties = { borderDashes: [4, 3] };
      node.borderWidth = 2;
    }
    return node;
  }
  const nodes = new vis.DataSet(data.nodes.flatMap((n, i) => (inView[i] ? [visNode(n, i)] : [])));
  const officeEdge = (i) => data.edges.length + i;
  const edges = new vis.DataSet(
    large
      ? []
      : data.edges
          .map((e, i) => ({ id: i, from: e[0], to: e[1], label: e[2] }))
          .concat(data.officeLinks.map((e, i) => ({ id: officeEdge(i), from: e[0], to: e[1], label: e[2], dashes: [6, 3] })))
  );

  // Filters ------------------------------------------------------------------------------------
  const hiddenClasses = new Set();
  const hiddenStatuses = new Set();
  const hiddenSources = new Set();
  let yearFrom = data.years.length ? data.years[0] : null;
  let yearTo = data.years.length ? data.years[1] : null;
  let showUndated = true;
  let focusSet = null; // the "partners of" view: the node ids it keeps
  let brushSet = null; // a period brushed on the timeline: the node ids it keeps

  function visible(i, anywhere) {
    if (!anywhere && !inView[i]) return false;
    const n = data.nodes[i];
    if (n.structural && !fullStructure) return false;
    // A node only hidden sources speak of is hidden with them.
    if (hiddenSources.size && n.sourceIds.length && n.sourceIds.every((s) => hiddenSources.has(s))) return false;
    if (hiddenClasses.has(n.type)) return false;
    if (hiddenStatuses.has(n.status || "")) return false;
    if (focusSet && !focusSet.has(i)) return false;
    if (brushSet && !brushSet.has(i)) return false;
    if (n.years.length === 0) return showUndated;
    if (yearFrom === null || yearTo === null) return true;
    return n.years.some((y) => y >= yearFrom && y <= yearTo);
  }

  const container = byId("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    // Positions come with the data (laid out ahead with networkx): no physics, no relayout.
    physics: false,
    layout: { improvedLayout: false },
    groups: groups,
    interaction: { hover: true, dragNodes: !large, tooltipDelay: 100000 },
    // Labels wrap at 150 pixels (graph/network.py LABEL_WIDTH lays them out so that none overlaps).
    nodes: {
      font: { size: 14, strokeWidth: 3, strokeColor: "#fff" }, borderWidth: 1,  // FONT_SIZE
      scaling: { label: { drawThreshold: 6 } }, widthConstraint: large ? false : { maximum: 150 },
    },
    edges: {
      smooth: false,
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#9a9a9a", highlight: "#333", hover: "#555" },
      // Edge labels are drawn when an edge is hovered or selected, or when zoomed in (below).
      font: { size: 10, color: EDGE_LABEL_HIDDEN, strokeWidth: 0, strokeColor: "#fff", align: "middle" },
      chosen: { label: (values) => { values.color = "#333"; values.strokeWidth = 3; } },
      width: 1,
    },
  });
  // Zoomed in far enough to read them, every edge label shows.
  let edgeLabelsShown = false;
  function edgeLabels(scale) {
    const show = scale >= EDGE_LABEL_SCALE;
    if (show === edgeLabelsShown) return;
    edgeLabelsShown = show;
    network.setOptions({ edges: { font: { color: show ? "#555" : EDGE_LABEL_HIDDEN, strokeWidth: show ? 2 : 0 } } });
  }
  network.on("zoom", (params) => edgeLabels(params.scale));

  // Filtering hides nodes (vis-network then hides their edges); only changed nodes are updated.
  const shown = Array.from(inView, (v) => v === 1);
  let shownCount = shown.filter(Boolean).length;
  // Add nodes (a neighbourhood found or clicked) to a progressive page, then apply the filters.
  function expand(ids) {
    const added = [];
    ids.forEach((i) => {
      if (inView[i]) return;
      inView[i] = 1;
      const node = visNode(data.nodes[i], i);
      node.hidden = true; // refresh() shows it if the filters let it through
      added.push(node);
    });
    if (added.length) {
      nodes.add(added);
      refresh();
    }
  }
  function updateCount() {
    byId("count").textContent = shownCount + " of " + data.nodes.length + " nodes shown" +
      (progressive ? " (the countries and best-connected first: find or click a node to show its neighbours)" : "");
  }

  function refresh() {
    const changes = [];
    shown.forEach((was, i) => {
      if (!inView[i]) return;
      const now = visible(i);
      if (now !== was) {
        shown[i] = now;
        shownCount += now ? 1 : -1;
        changes.push({ id: i, hidden: !now });
      }
    });
    if (changes.length) nodes.update(changes);
    updateCount();
  }

  // Neighbourhood highlight: dim everything else (small graphs), or select the neighbourhood
  // (large ones, where recolouring 10,000 nodes would take seconds).
  let highlighted = null;
  const neighbourhood = (i) => [i].concat(relations[i].filter(relationShown).map((r) => r[0]));
  function highlight(i) {
    if (large) {
      network.selectNodes(neighbourhood(i).filter((j) => inView[j]), false);
    } else {
      const keep = new Set(neighbourhood(i));
      nodes.update(data.nodes.map((n, j) => ({ id: j, color: keep.has(j) ? groups[n.type].color : dim })));
    }
    highlighted = i;
  }
  function clearHighlight() {
    if (highlighted === null) return;
    if (large) network.unselectAll();
    else nodes.update(data.nodes.map((n, j) => ({ id: j, color: groups[n.type].color })));
    highlighted = null;
  }

  if (large) {
    // All edges in one path, in network coordinates, before vis-network draws the nodes on top.
    network.on("beforeDrawing", (ctx) => {
      const width = 1 / network.getScale();
      ctx.save();
      ctx.lineWidth = width;
      ctx.strokeStyle = "rgba(120, 120, 120, " + Math.min(0.35, 3000 / data.edges.length) + ")";
      ctx.beginPath();
      const drawn = fullStructure ? data.edges : data.edges.concat(data.officeLinks);
      drawn.forEach(([from, to]) => {
        if (!shown[from] || !shown[to]) return;
        ctx.moveTo(data.nodes[from].x, data.nodes[from].y);
        ctx.lineTo(data.nodes[to].x, data.nodes[to].y);
      });
      ctx.stroke();
      if (highlighted !== null) {
        ctx.lineWidth = 2.5 * width;
        ctx.strokeStyle = "#333";
        ctx.beginPath();
        relations[highlighted].forEach((relation) => {
          const other = relation[0];
          if (!shown[other] || !relationShown(relation)) return;
          ctx.moveTo(data.nodes[highlighted].x, data.nodes[highlighted].y);
          ctx.lineTo(data.nodes[other].x, data.nodes[other].y);
        });
        ctx.stroke();
      }
      ctx.restore();
    });
  }

  // Legend and class filter, above the network: the classes present, grouped (actors, events,
  // money, places, offices); in the analyst's view, a class whose every node is folded away (posts,
  // holdings, bodies) is left out of it, and comes back with the full structure.
  const legend = byId("legend");
  const legendEntries = [];
  const groupBoxes = new Map();
  data.classes.forEach((c) => {
    if (!groupBoxes.has(c.group)) {
      const group = make("span", null, "group");
      group.append(make("span", c.group, "group-name"));
      groupBoxes.set(c.group, group);
      legend.append(group);
    }
    const label = make("label");
    const box = make("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.class = c.name;
    box.addEventListener("change", () => {
      if (box.checked) hiddenClasses.delete(c.name); else hiddenClasses.add(c.name);
      refresh();
    });
    const swatch = make("span", null, "swatch " + c.shape);
    swatch.style.background = c.color;
    const unfolded = data.nodes.filter((n) => n.type === c.name && !n.structural).length;
    const count = make("span", "(" + c.count + ")", "count");
    label.append(box, swatch, document.createTextNode(c.name + " "), count);
    groupBoxes.get(c.group).append(label);
    legendEntries.push({ label, group: c.group, unfolded, count, all: c.count });
  });
  function drawLegend() {
    legendEntries.forEach((e) => {
      e.label.hidden = !fullStructure && e.unfolded === 0;
      e.count.textContent = "(" + (fullStructure ? e.all : e.unfolded) + ")";
    });
    groupBoxes.forEach((group, name) => {
      group.hidden = legendEntries.every((e) => e.group !== name || e.label.hidden);
    });
  }

  // Sources filter: each source document, to hide or show what it says.
  const sourceBox = byId("source-filter");
  data.sources.forEach((source, s) => {
    const label = make("label");
    const box = make("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.source = String(s);
    box.addEventListener("change", () => {
      if (box.checked) hiddenSources.delete(s); else hiddenSources.add(s);
      refresh();
    });
    label.append(box, document.createTextNode(source));
    sourceBox.append(label);
  });
  if (!data.sources.length) sourceBox.hidden = true;

  // Status filter.
  const statusBox = byId("status-filter");
  data.statuses.concat([""]).forEach((status) => {
    const label = make("label");
    const box = make("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.status = status;
    box.addEventListener("change", () => {
      if (box.checked) hiddenStatuses.delete(status); else hiddenStatuses.add(status);
      refresh();
    });
    label.append(box, document.createTextNode(status || "no status"));
    statusBox.append(label);
  });

  // Year range.
  const from = byId("year-from");
  const to = byId("year-to");
  if (data.years.length) {
    from.value = from.min = to.min = data.years[0];
    to.value = from.max = to.max = data.years[1];
  } else {
    byId("year-filter").hidden = true;
  }
  const readYears = () => {
    yearFrom = from.value === "" ? null : Number(from.value);
    yearTo = to.value === "" ? null : Number(to.value);
    refresh();
  };
  from.addEventListener("input", readYears);
  to.addEventListener("input", readYears);
  byId("undated").addEventListener("change", (event) => { showUndated = event.target.checked; refresh(); });

  // Details ------------------------------------------------------------------------------------
  const details = byId("details");
  function showDetails(i) {
    const n = data.nodes[i];
    details.replaceChildren();
    details.scrollTop = 0;
    details.append(make("h2", n.label), make("p", n.type, "type"));
    if (n.aliases.length) details.append(make("p", "Also called: " + n.aliases.join(", "), "aliases"));
    if (n.offices.length) {
      details.append(make("h3", "Offices"));
      const list = make("ul", null, "offices");
      n.offices.forEach((office) => list.append(make("li", office)));
      details.append(list);
    }
    if (n.unreviewed) {
      details.append(make("h3", "\u270e Unreviewed drafts"));
      details.append(make("p", n.unreviewed + " claim(s) about this were proposed by pactgraph draft and are not facts until a person reviews them.", "unreviewed"));
    }
    if (n.conflicts.length) {
      details.append(make("h3", "\u26a0 Sources disagree"));
      n.conflicts.forEach((c) => {
        const list = make("dl", null, "conflict");
        list.append(make("dt", c.property));
        c.values.forEach((v) => list.append(make("dd", v.value + " \u2014 " + v.sources.join("; "))));
        details.append(list);
      });
    }
    if (n.details.length) {
      const list = make("dl");
      n.details.forEach(([key, value]) => list.append(make("dt", key), make("dd", value)));
      details.append(list);
    }
    const shownRelations = relations[i].filter(relationShown);
    if (shownRelations.length) {
      details.append(make("h3", "Relations"));
      const list = make("ul");
      shownRelations.forEach(([other, label, outgoing]) => {
        const name = data.nodes[other].label;
        list.append(make("li", outgoing ? label + " \u2192 " + name : name + " \u2192 " + label + " \u2192 this"));
      });
      details.append(list);
    }
    if (n.compare) {
      const button = make("button", "Compare the " + n.compare.columns.length + " sources side by side");
      button.type = "button";
      button.id = "compare-open";
      button.addEventListener("click", () => showCompare(i));
      details.append(button);
    }
    if (n.facts.length) {
      // What each source says of this, under the source's name and date.
      const independent = n.independent === 1 ? "1 independent source" : n.independent + " independent sources";
      details.append(make("h3", "Sources (" + independent + ")"));
      const bySource = new Map();
      n.facts.forEach((f) => {
        if (!bySource.has(f.source)) bySource.set(f.source, []);
        bySource.get(f.source).push(f);
      });
      bySource.forEach((facts, source) => {
        const section = make("section", null, "by-source");
        section.append(make("h4", source));
        facts.forEach((f) => {
          section.append(make("div", f.properties.join(", "), "source"));
          section.append(make("blockquote", f.sentence));
        });
        details.append(section);
      });
    }
  }

  network.on("click", (params) => {
    if (params.nodes.length) {
      if (progressive) expand(neighbourhood(params.nodes[0]));
      showDetails(params.nodes[0]);
      highlight(params.nodes[0]);
    } else {
      clearHighlight();
    }
  });
  network.on("hoverNode", (params) => { if (highlighted === null) showDetails(params.node); });

  // Search -------------------------------------------------------------------------------------
  const names = byId("node-names");
  if (!large) {
    data.nodes.forEach((n) => {
      [n.label, ...n.aliases].forEach((name) => { const option = make("option"); option.value = name; names.append(option); });
    });
  }
  function find(text) {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return null;
    // The best of the shown nodes whose label contains the text: an exact match, else the
    // shortest label ("sandvik" finds the person before "Sandvik as Defense Minister").
    let best = null;
    let bestRank = null;
    data.nodes.forEach((n, i) => {
      // On a progressive page a node not drawn yet is found too (then drawn with its neighbours).
      if (progressive ? !visible(i, true) : !shown[i]) return;
      // A name is the label or an alias a source gave ("Shmigal" finds Denys Shmyhal).
      const names = [n.label, ...n.aliases].map((name) => name.toLowerCase());
      if (!names.some((name) => name.includes(wanted))) return;
      const label = n.label.toLowerCase();
      const rank = names.includes(wanted) ? -1 : label.length;
      if (bestRank === null || rank < bestRank) {
        best = i;
        bestRank = rank;
      }
    });
    return best;
  }
  byId("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = byId("search").value;
    const i = find(text);
    if (i === null) {
      byId("status-line").textContent = "No shown node matches \u201c" + text + "\u201d.";
      return;
    }
    clearHighlight();
    if (progressive) expand(neighbourhood(i));
    highlight(i);
    network.selectNodes(large ? neighbourhood(i).filter((j) => inView[j]) : [i], false);
    network.focus(i, { scale: 1.5, animation: false });
    showDetails(i);
    byId("status-line").textContent = "Found " + data.nodes[i].label + ".";
  });

  // Partners of a country ------------------------------------------------------------------------
  const partnersOf = byId("partners-of");
  // A large page works out a country's partners when asked: countries that share an agreement,
  // programme or other node with it (not an invasion: graph/network.py partners does the same).
  const hostileTypes = new Set(data.hostile || []);
  function partnerEntries(country) {
    const via = new Map();
    relations[country].forEach(([link, , , office]) => {
      const type = data.nodes[link].type;
      if (office || type === "Country" || hostileTypes.has(type)) return;
      relations[link].forEach(([other, , , otherOffice]) => {
        if (otherOffice || other === country || data.nodes[other].type !== "Country") return;
        if (!via.has(other)) via.set(other, new Set());
        via.get(other).add(link);
      });
    });
    const byLabel = (a, b) => data.nodes[a].label.localeCompare(data.nodes[b].label) || a - b;
    return [...via.keys()].sort(byLabel).map((p) => ({ partner: p, via: [...via.get(p)].sort(byLabel) }));
  }
  (data.partners ? Object.keys(data.partners).map(Number) : data.countries).forEach((key) => {
    const option = make("option", data.nodes[key].label);
    option.value = String(key);
    partnersOf.append(option);
  });
  partnersOf.addEventListener("change", () => {
    clearHighlight();
    if (partnersOf.value === "") {
      focusSet = null;
      refresh();
      byId("status-line").textContent = "";
      return;
    }
    const country = Number(partnersOf.value);
    const entries = data.partners ? data.partners[partnersOf.value] : partnerEntries(country);
    focusSet = new Set([country]);
    details.replaceChildren(make("h2", "Partners of " + data.nodes[country].label));
    if (!entries.length) details.append(make("p", "No partner country in this graph."));
    const list = make("ul");
    entries.forEach((entry) => {
      focusSet.add(entry.partner);
      const item = make("li", data.nodes[entry.partner].label);
      const via = make("ul");
      entry.via.forEach((v) => {
        focusSet.add(v);
        const n = data.nodes[v];
        via.append(make("li", n.type + ": " + n.label + (n.status ? " (" + n.status + ")" : "")));
      });
      item.append(via);
      list.append(item);
    });
    details.append(list);
    if (progressive) expand([...focusSet]);
    refresh();
    network.fit({ animation: false });
    byId("status-line").textContent = entries.length + " partner countries of " + data.nodes[country].label + ".";
  });

  // The analyst's view or the full RDF structure ------------------------------------------------
  const structureBox = byId("full-structure");
  function showStructure(full) {
    fullStructure = full;
    structureBox.checked = full;
    if (!large) {
      edges.update(data.officeLinks.map((_, i) => ({ id: officeEdge(i), hidden: full })));
    }
    refresh();
    drawLegend();
    if (large) network.redraw();
  }
  structureBox.addEventListener("change", () => showStructure(structureBox.checked));
  drawLegend();

  // Panels that fold away: on a laptop the filters start folded, so that the network has the width.
  const WIDE = 1600;
  function fold(panel, folded) {
    document.body.classList.toggle(panel + "-folded", folded);
    byId(panel + "-toggle").setAttribute("aria-pressed", String(!folded));
    network.redraw();
  }
  ["controls", "details"].forEach((panel) => {
    byId(panel + "-toggle").addEventListener("click", () => fold(panel, !document.body.classList.contains(panel + "-folded")));
  });
  if (window.innerWidth < WIDE) fold("controls", true);

  // The first view: the whole network if its labels can be read so (LABEL_PIXELS at least), else
  // as close as they can be read, on the middle of the network; zoom out to see the rest.
  const LABEL_PIXELS = 11;
  const FONT_SIZE = 14;
  function firstView() {
    network.fit({ animation: false });
    const readable = LABEL_PIXELS / FONT_SIZE;
    if (network.getScale() >= readable) return;
    const ids = data.nodes.map((_, i) => i).filter((i) => shown[i]);
    if (!ids.length) return;
    const x = ids.reduce((sum, i) => sum + data.nodes[i].x, 0) / ids.length;
    const y = ids.reduce((sum, i) => sum + data.nodes[i].y, 0) / ids.length;
    network.moveTo({ position: { x: x, y: y }, scale: readable, animation: false });
  }
  // The smallest label drawn, in pixels on the screen, at the present zoom.
  const labelPixels = () => FONT_SIZE * network.getScale();
  refresh(); // the analyst's view first: structure folded into the people who hold the posts

  // Sheets in the network's place: the money table, the sources side by side ----------------------
  const legendBar = byId("legend");
  const timelineBox = byId("timeline");
  const sheets = { money: byId("money"), compare: byId("compare") };
  function showSheet(name) {
    Object.entries(sheets).forEach(([key, sheet]) => { sheet.hidden = key !== name; });
    container.hidden = legendBar.hidden = Boolean(name);
    timelineBox.hidden = Boolean(name) || !events.length;
    byId("money-toggle").setAttribute("aria-expanded", String(name === "money"));
    if (!name) network.redraw();
  }
  // A download of text made here: a data: address, never a request.
  function download(text, filename) {
    const link = make("a");
    link.setAttribute("href", "data:text/csv;charset=utf-8," + encodeURIComponent(text));
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  }
  // SPARQL 1.1 results CSV, as pactgraph query --format csv writes it: CRLF line ends, and a field
  // with a comma, a quote or a line break quoted, its quotes doubled.
  const csvField = (value) => (/[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value);
  const csvText = (rows) => rows.map((values) => values.map(csvField).join(",")).join("\r\n") + "\r\n";

  // Money commitments: formatted, sortable, with totals in EUR; its CSV is the query's, made here.
  const money = sheets.money;
  const moneyRows = data.money.rows.slice();
  const numeric = (value) => value !== "" && !Number.isNaN(Number(value));
  const column = (name) => data.money.columns.indexOf(name);
  const grouped = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
  const sum = (value) => (value === "" ? "" : grouped.format(Number(value)));
  const stated = (row) => {
    const amount = row[column("amount")];
    if (amount === "" || amount === undefined) return "";
    const about = row[column("approximate")] === "true" ? "\u2248 " : "";
    return about + (row[column("currency")] || "") + " " + sum(amount);
  };
  // The table's columns: [heading, query column sorted by, shown value, numeric, tooltip, words
  // shown under the value (the source's own, for an amount)].
  const MONEY_VIEW = [
    ["Commitment", "commitment"],
    ["Type", "type"],
    ["Funder", "funder"],
    ["Amount as stated", "amount", stated, true, null, (row) => (column("stated") >= 0 ? row[column("stated")] : "")],
    ["EUR (ECB rate)", "eur", (row) => sum(row[column("eur")]), true],
    ["Recipient", "recipient"],
    ["Beneficiary", "beneficiary"],
    ["Status", "status"],
    ["Date", "date"],
    ["Sources", "sources", null, true, (row) => row[column("publishers")] || ""],
  ].filter((view) => column(view[1]) >= 0);
  let sortedBy = null;
  let ascending = true;
  function drawMoney() {
    const head = money.querySelector("thead");
    const body = money.querySelector("tbody");
    const row = make("tr");
    MONEY_VIEW.forEach(([heading, key, , isNumber], v) => {
      const cell = make("th", null, isNumber ? "number" : null);
      cell.setAttribute("aria-sort", sortedBy === v ? (ascending ? "ascending" : "descending") : "none");
      const button = make("button", heading + (sortedBy === v ? (ascending ? " \u25b2" : " \u25bc") : ""));
      button.type = "button";
      button.addEventListener("click", () => {
        ascending = sortedBy === v ? !ascending : true;
        sortedBy = v;
        const c = column(key);
        moneyRows.sort((a, b) => {
          const order = numeric(a[c]) && numeric(b[c]) ? Number(a[c]) - Number(b[c]) : a[c].localeCompare(b[c]);
          return ascending ? order : -order;
        });
        drawMoney();
        money.querySelectorAll("th button")[v].focus();
      });
      cell.append(button);
      row.append(cell);
    });
    head.replaceChildren(row);
    body.replaceChildren(
      ...moneyRows.map((values) => {
        const tr = make("tr");
        MONEY_VIEW.forEach(([, key, shown, isNumber, tip, words]) => {
          const td = make("td", shown ? shown(values) : values[column(key)], isNumber ? "number" : null);
          if (tip && tip(values)) td.title = tip(values);
          if (words && words(values)) td.append(make("div", "\u201c" + words(values) + "\u201d", "stated"));
          tr.append(td);
        });
        return tr;
      })
    );
    byId("money-count").textContent = moneyRows.length + " rows";
    drawTotals();
  }
  // Totals in EUR by funder and by status, each commitment once (the mean of its amounts in EUR:
  // stated in two currencies, or by two sources, it is still one commitment).
  function drawTotals() {
    const byCommitment = new Map();
    moneyRows.forEach((row) => {
      const key = row[column("commitment")];
      if (!byCommitment.has(key)) byCommitment.set(key, { row: row, eur: [] });
      if (column("eur") >= 0 && row[column("eur")] !== "") byCommitment.get(key).eur.push(Number(row[column("eur")]));
    });
    [["funder", "money-by-funder", "Funder"], ["status", "money-by-status", "Status"]].forEach(([key, id, heading]) => {
      const totals = new Map();
      byCommitment.forEach(({ row, eur }) => {
        const name = row[column(key)] || "(none)";
        if (!totals.has(name)) totals.set(name, { eur: 0, counted: 0, unstated: 0 });
        const total = totals.get(name);
        if (eur.length) { total.eur += eur.reduce((a, b) => a + b, 0) / eur.length; total.counted++; } else total.unstated++;
      });
      const table = byId(id);
      const head = make("tr");
      [heading, "EUR", "commitments", "with no sum in EUR"].forEach((words, k) => head.append(make("th", words, k ? "number" : null)));
      const rows = [...totals.entries()].sort((a, b) => b[1].eur - a[1].eur || a[0].localeCompare(b[0])).map(([name, total]) => {
        const tr = make("tr");
        tr.append(make("td", name), make("td", total.counted ? grouped.format(total.eur) : "", "number"),
          make("td", String(total.counted + total.unstated), "number"), make("td", String(total.unstated), "number"));
        return tr;
      });
      table.replaceChildren(make("thead"), make("tbody"));
      table.tHead.append(head);
      table.tBodies[0].append(...rows);
    });
  }
  const moneyCsv = () => csvText([data.money.columns].concat(moneyRows));
  function showMoney(open) {
    showSheet(open ? "money" : null);
    if (open) drawMoney();
  }
  byId("money-toggle").addEventListener("click", () => showMoney(money.hidden));
  byId("money-close").addEventListener("click", () => showMoney(false));
  byId("money-csv").addEventListener("click", () => download(moneyCsv(), "money-commitments.csv"));
  if (!data.money.columns.length) byId("money-toggle").hidden = true;

  // Sources side by side: a column per source, a row per property, what they differ on marked;
  // a cell opens its sentence. The CSV is `pactgraph compare THING --format csv`'s.
  let compared = null;
  function compareCsv() {
    const c = data.nodes[compared].compare;
    return csvText([["property", "differs"].concat(c.columns)].concat(
      c.rows.map(([property, differs, cells]) => [property, differs ? "yes" : ""].concat(cells.map((cell) => (cell ? cell.t : ""))))
    ));
  }
  function showCompare(i) {
    compared = i;
    const c = data.nodes[i].compare;
    byId("compare-title").textContent = data.nodes[i].label + ": " + c.columns.length + " sources side by side";
    const head = make("tr");
    head.append(make("th", "Property"));
    c.columns.forEach((heading) => head.append(make("th", heading)));
    const sentence = byId("compare-sentence");
    sentence.replaceChildren();
    const body = c.rows.map(([property, differs, cells]) => {
      const tr = make("tr", null, differs ? "differs" : null);
      tr.append(make("th", property));
      // Where they differ, the cells that say otherwise than most sources (or than the first, on a tie).
      const said = cells.map((cell) => (cell ? cell.v.slice().sort().join("\u0000") : null));
      const tally = new Map();
      said.forEach((key) => { if (key !== null) tally.set(key, (tally.get(key) || 0) + 1); });
      const commonest = [...tally.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best), [null, 0])[0];
      cells.forEach((cell, k) => {
        const td = make("td", null, differs && cell && said[k] !== commonest ? "odd" : null);
        if (!cell) {
          td.textContent = "\u2014";
          td.title = "this source says nothing of it";
        } else {
          const button = make("button", cell.t);
          button.type = "button";
          button.addEventListener("click", () => {
            compare.querySelectorAll("td.chosen").forEach((chosen) => chosen.classList.remove("chosen"));
            td.classList.add("chosen");
            sentence.replaceChildren(make("h3", property + " \u2014 " + c.columns[k]));
            cell.s.forEach((words) => sentence.append(make("blockquote", words)));
          });
          td.append(button);
        }
        tr.append(td);
      });
      return tr;
    });
    const table = byId("compare-table");
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren(...body);
    showSheet("compare");
  }
  const compare = sheets.compare;
  byId("compare-close").addEventListener("click", () => showSheet(null));
  byId("compare-csv").addEventListener("click", () => download(compareCsv(), "compare.csv"));

  // Timeline: every dated event at the precision its text gives ----------------------------------
  const strip = byId("timeline-strip");
  const day = 86400000;
  const time = (iso) => Date.parse(iso + "T00:00:00Z");
  const events = data.events.map(([node, kind, start, end, given]) => ({ node, kind, start: time(start), end: time(end), given }));
  const timeline = { x: null, brush: null };
  if (!events.length) {
    byId("timeline").hidden = true;
  } else {
    const first = Math.min(...events.map((e) => e.start));
    const last = Math.max(...events.map((e) => e.end));
    // Past TIMELINE_MARKS events, one mark a year holds that year's events (a button a mark would
    // cost the page seconds), on whole years; else the events' own span, with a margin, of at
    // least MIN_SPAN_DAYS, so that 30 November and 1 December stand apart.
    const binned = events.length > TIMELINE_MARKS;
    let t0 = Date.UTC(new Date(first).getUTCFullYear(), 0, 1);
    let t1 = Date.UTC(new Date(last - 1).getUTCFullYear() + 1, 0, 1);
    if (!binned) {
      const span = Math.max(last - first, MIN_SPAN_DAYS * day);
      const middle = (first + last) / 2;
      t0 = Math.min(first, middle - span / 2) - span * 0.02;
      t1 = Math.max(last, middle + span / 2) + span * 0.02;
    }
    const width = () => strip.clientWidth || 1;
    const x = (t) => ((t - t0) / (t1 - t0)) * width();
    const t = (px) => t0 + (Math.min(Math.max(px, 0), width()) / width()) * (t1 - t0);
    timeline.x = (iso) => x(time(iso));
    const years = new Map();
    if (binned) {
      events.forEach((e) => {
        const year = new Date(e.start).getUTCFullYear();
        years.set(year, (years.get(year) || 0) + 1);
      });
    }
    const marks = binned
      ? [...years.entries()].map(([year, count]) => ({ start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1), count }))
      : events.slice().sort((a, b) => a.start - b.start || a.end - b.end || a.node - b.node);
    // Marks of the same day stand side by side around it, rather than on one another.
    const sameDay = new Map();
    marks.forEach((e) => {
      const key = e.start + ":" + e.end;
      if (!sameDay.has(key)) sameDay.set(key, []);
      sameDay.get(key).push(e);
    });
    const spot = new Map();
    sameDay.forEach((group) => {
      const left = x(group[0].start);
      const right = Math.max(x(group[0].end), left + MARK_WIDTH);
      if (group.length === 1 || right - left > MARK_WIDTH) {
        group.forEach((e) => spot.set(e, [Math.min(left, width() - MARK_WIDTH), Math.min(right, width())]));
        return;
      }
      // At most SIDE_BY_SIDE abreast (more go in the lanes below), so that they stay near their day;
      // within the strip: a cluster at either end is moved in rather than cut.
      const across = Math.min(group.length, SIDE_BY_SIDE);
      const cluster = across * (MARK_WIDTH + 2);
      const from = Math.max(0, Math.min(left - cluster / 2, width() - cluster));
      group.forEach((e, j) => {
        const at = from + (j % across) * (MARK_WIDTH + 2);
        spot.set(e, [at, at + MARK_WIDTH]);
      });
    });
    const name = (e) => (binned ? "" : data.nodes[e.node].label);
    // A label after its mark, as wide as its words, but never past the strip's end (none if too narrow).
    const labelWidth = (e) => {
      const room = width() - spot.get(e)[1] - 2;
      const wanted = Math.min(LABEL_MAX_WIDTH, 6.5 * name(e).length + 4);
      return Math.min(wanted, room) >= MIN_LABEL_WIDTH ? Math.min(wanted, room) : 0;
    };
    // Lanes, so that no two marks (with their labels) cover each other; labels only if they fit in
    // the lanes there is room for, else marks alone, in lanes as thin as it takes to fit.
    function layOut(labelled) {
      const lanes = [];
      const placed = marks.map((e) => {
        const [left, right] = spot.get(e);
        const words = Math.min(LABEL_MAX_WIDTH, 6.5 * name(e).length + 4);
        const wide = right - left >= words;  // a long mark holds its label inside it
        const after = labelled && !wide && labelWidth(e) > 0;
        const end = after ? right + labelWidth(e) : right;
        let lane = lanes.findIndex((taken) => taken + 2 <= left);
        if (lane < 0) { lane = lanes.length; lanes.push(end); } else { lanes[lane] = end; }
        return { e, left, right, lane, inside: labelled && wide, after };
      });
      return { placed, lanes: lanes.length };
    }
    let layout = layOut(!binned);
    if (layout.lanes > LABELLED_LANES) layout = layOut(false);
    const placed = layout.placed;
    const laneHeight = Math.max(3, Math.min(LANE_HEIGHT, Math.floor(LANES_HEIGHT / layout.lanes)));
    strip.style.height = (layout.lanes * laneHeight + 18) + "px";
    timelineTicks(t0, t1, width()).forEach(([at, words]) => {
      const tick = make("span", words, "tick");
      tick.style.left = x(at) + "px";
      strip.append(tick);
    });
    placed.forEach(({ e, left, right, lane, inside, after }) => {
      if (binned) {
        const mark = make("button", null, "event");
        const year = new Date(e.start).getUTCFullYear();
        const words = e.count + " dated events in " + year + ": show them";
        mark.type = "button";
        mark.title = words;
        mark.setAttribute("aria-label", words);
        Object.assign(mark.style, { left: left + "px", width: right - left + "px", top: lane * laneHeight + "px", height: (laneHeight - 2) + "px", background: "#9ab" });
        mark.addEventListener("pointerdown", (event) => event.stopPropagation());
        mark.addEventListener("click", () => select(e.start, e.end));
        strip.append(mark);
        return;
      }
      const n = data.nodes[e.node];
      const mark = make("button", null, "event" + (n.conflicts.length ? " disputed" : ""));
      mark.type = "button";
      const words = e.kind + " " + e.given + ": " + n.label + (n.conflicts.length ? " (sources disagree)" : "");
      mark.title = words;
      mark.setAttribute("aria-label", words);
      mark.style.left = left + "px";
      mark.style.width = (right - left) + "px";
      mark.style.top = lane * laneHeight + "px";
      mark.style.height = (laneHeight - 2) + "px";
      if (inside || after) {
        const text = make("span", n.label, "mark-label");
        text.style.left = (inside ? left + 3 : right + 2) + "px";
        text.style.top = lane * laneHeight - 1 + "px";
        text.style.maxWidth = (inside ? right - left - 4 : labelWidth(e)) + "px";
        strip.append(text);
      }
      mark.style.background = (groups[n.type] || { color: { background: "#999" } }).color.background;
      mark.addEventListener("pointerdown", (event) => event.stopPropagation());
      mark.addEventListener("click", () => {
        clearHighlight();
        if (progressive) expand(neighbourhood(e.node));
        if (!shown[e.node]) return;
        highlight(e.node);
        network.selectNodes([e.node], false);
        network.focus(e.node, { scale: Math.max(network.getScale(), 1), animation: false });
        showDetails(e.node);
        byId("status-line").textContent = words;
      });
      strip.append(mark);
    });
    // Brushing a period keeps what happened in it, and its neighbours.
    const brush = make("div", null, "brush");
    brush.hidden = true;
    strip.append(brush);
    let from = null;
    const offset = (event) => event.clientX - strip.getBoundingClientRect().left;
    function select(start, end) {
      const keep = new Set();
      events.forEach((e) => {
        if (e.start < end && start < e.end) {
          keep.add(e.node);
          relations[e.node].filter(relationShown).forEach(([other]) => keep.add(other));
        }
      });
      brushSet = keep;
      const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
      byId("timeline-period").textContent = iso(start) + " to " + iso(end - day) + ": " + keep.size + " nodes";
      byId("timeline-clear").hidden = false;
      clearHighlight();
      refresh();
    }
    timeline.brush = (start, end) => select(time(start), time(end));
    strip.addEventListener("pointerdown", (event) => {
      from = offset(event);
      strip.setPointerCapture(event.pointerId);
      brush.hidden = false;
      brush.style.left = from + "px";
      brush.style.width = "0px";
    });
    strip.addEventListener("pointermove", (event) => {
      if (from === null) return;
      const to = offset(event);
      brush.style.left = Math.min(from, to) + "px";
      brush.style.width = Math.abs(to - from) + "px";
    });
    strip.addEventListener("pointerup", (event) => {
      if (from === null) return;
      const to = offset(event);
      const [a, b] = [Math.min(from, to), Math.max(from, to)];
      from = null;
      if (b - a < 3) { brush.hidden = true; return; }
      select(t(a), t(b));
    });
    byId("timeline-clear").addEventListener("click", () => {
      brushSet = null;
      brush.hidden = true;
      byId("timeline-period").textContent = "";
      byId("timeline-clear").hidden = true;
      refresh();
    });
  }

  updateCount();
  // The first view is set once vis-network has drawn and made its own first fit (which would undo it).
  network.once("afterDrawing", () => requestAnimationFrame(() => {
    firstView();
    window.pactgraphReadyAt = performance.now();
    document.body.dataset.ready = "true";
  }));
  // For tests and for analysts who want to script the page from the console.
  window.pactgraph = {
    data: data, network: network, nodes: nodes, edges: edges, shown: () => shownCount,
    showStructure: showStructure, moneyCsv: moneyCsv, edgeLabelsShown: () => edgeLabelsShown, timeline: timeline,
    progressive: progressive, inView: inView, labelPixels: labelPixels, fold: fold,
    showCompare: showCompare, compareCsv: compareCsv,
  };
})();
