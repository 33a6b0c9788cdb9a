/*
 * yuqing 填报 page (vendored; no external code, no network).
 *
 * Fills <div id="yq-form"> with a form that writes a new incident record (from the embedded
 * template, in the layout of `yuqing new`) or appends entries to a published record's source
 * text, keeping its comments and layout; likewise a new signal (研判预警, from the signal template, in the
 * layout of `yuqing new --signal`) or an assessment appended to a published signal, with YQ314's verdict
 * (assessed within policy signals.assess_within) live. The data comes from the JSON text of
 * <div class="yq-form-data"> (written by yuqing/render/form.py at build time): org.yml,
 * policy.yml's obligations, the templates, the numbers taken and the published records' ids. A published
 * record's text and facts are fetched from its own file (form/records/<id>.json, form/signals/<id>.json)
 * when the clerk picks it, so that the page does not grow with the records.
 *
 * Deadlines are judged as yuqing/rules/_obligations.py does (boundaries inclusive: done <= due
 * is met) from the same policy data, and durations are worded as yuqing.timeparse.format_duration
 * words them. Times are wall-clock times of the bureau's zone, counted in microseconds.
 *
 * Record text is never put into the page as HTML: only as text nodes and form values.
 */
(function () {
  "use strict";

  var D = null;
  var root = null;
  var US_MIN = 60e6, US_SEC = 1e6;
  var RANK = { "一般": 0, "较大": 1, "重大": 2 };
  var LEVELS = ["一般", "较大", "重大"];
  var KINDS = ["口头报告", "书面报告", "续报", "终报"];
  var ORAL = "口头报告";
  var FINAL = "终报";
  var counter = 0;

  // ------------------------------------------------------------------ DOM helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    attrs = attrs || {};
    Object.keys(attrs).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key === "value") node.value = value;
      else if (key === "checked") node.checked = !!value;
      else if (key === "selected") node.selected = !!value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function uid(prefix) {
    counter += 1;
    return "yq-" + prefix + "-" + counter;
  }

  function field(label, input, hint) {
    var id = input.id || uid("f");
    input.id = id;
    var group = input.tagName === "SPAN";  // a group of check boxes: a caption, not a label
    var caption = group ? el("span", { class: "yq-caption", id: id + "-caption", text: label }) : el("label", { for: id, text: label });
    if (group) { input.setAttribute("role", "group"); input.setAttribute("aria-labelledby", id + "-caption"); }
    var wrap = el("div", { class: "yq-field" }, [caption, input]);
    if (hint) wrap.appendChild(el("small", { class: "yq-hint", text: hint }));
    return wrap;
  }

  function select(name, options, value, placeholder) {
    var node = el("select", { name: name });
    if (placeholder !== undefined) node.appendChild(el("option", { value: "", text: placeholder }));
    options.forEach(function (option) {
      var pair = typeof option === "string" ? [option, option] : option;
      node.appendChild(el("option", { value: pair[0], text: pair[1], selected: pair[0] === value }));
    });
    return node;
  }

  function timeInput(name) {
    return el("input", { type: "datetime-local", name: name, step: "60" });
  }

  function textInput(name, list, placeholder) {
    return el("input", { type: "text", name: name, list: list || null, placeholder: placeholder || null, autocomplete: "off" });
  }

  function textArea(name, rows, placeholder) {
    return el("textarea", { name: name, rows: String(rows || 3), placeholder: placeholder || null });
  }

  function checks(name, options, checked) {
    var box = el("span", { class: "yq-checks", "data-name": name });
    options.forEach(function (option) {
      var id = uid("c");
      box.appendChild(el("span", { class: "yq-check" }, [
        el("input", { type: "checkbox", id: id, name: name, value: option, checked: checked.indexOf(option) >= 0 }),
        el("label", { for: id, text: option })
      ]));
    });
    return box;
  }

  function value(scope, name) {
    var node = scope.querySelector("[name='" + name + "']");
    if (!node) return "";
    if (node.type === "checkbox") return node.checked;
    return (node.value || "").trim();
  }

  function checked(scope, name) {
    return Array.prototype.slice.call(scope.querySelectorAll("input[type=checkbox][name='" + name + "']"))
      .filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }

  // ------------------------------------------------------------------ times

  function pad(number, width) {
    var text = String(number);
    while (text.length < (width || 2)) text = "0" + text;
    return text;
  }

  /** A recorded time (`2024-08-26 09:20`, with seconds, fraction or offset) as wall-clock microseconds. */
  function parseTime(text) {
    var m = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/.exec(text || "");
    if (!m) return null;
    var year = +m[1], month = +m[2], day = +m[3], hour = +m[4], minute = +m[5], second = +(m[6] || 0);
    if (hour > 23 || minute > 59 || second > 59) return null;
    var ms = Date.UTC(year, month - 1, day, hour, minute, second);
    var check = new Date(ms);
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
    var us = ms * 1000 + (m[7] ? +(m[7] + "000000").slice(0, 6) : 0);
    if (m[8]) {
      var offset = 0;
      if (m[8] !== "Z") {
        var digits = m[8].replace(":", "");
        offset = (digits[0] === "-" ? -1 : 1) * (+digits.slice(1, 3) * 60 + +digits.slice(3, 5));
      }
      us += (D.org.offset_minutes - offset) * US_MIN;
    }
    return us;
  }

  /** As format_exact: `2024-08-26 09:20`, with the seconds (and fraction) a time has. */
  function formatTime(us) {
    var ms = Math.floor(us / 1000);
    var date = new Date(ms);
    var text = date.getUTCFullYear() + "-" + pad(date.getUTCMonth() + 1) + "-" + pad(date.getUTCDate()) + " " +
      pad(date.getUTCHours()) + ":" + pad(date.getUTCMinutes());
    var rest = us % US_MIN;
    if (rest) {
      text += ":" + pad(date.getUTCSeconds());
      var fraction = us % US_SEC;
      if (fraction) text += "." + pad(fraction, 6).replace(/0+$/, "");
    }
    return text;
  }

  /** The value of <input type=datetime-local> in the ledger's format (`2024-08-26T09:20` -> `2024-08-26 09:20`). */
  function pickerTime(text) {
    if (!text) return "";
    var us = parseTime(text.replace("T", " "));
    return us === null ? "" : formatTime(us);
  }

  /** As yuqing.timeparse.format_duration(delta, exact=...) in Chinese. */
  function formatDuration(us, exact) {
    var total, secondText = "";
    if (exact && us > 0 && us < 3600 * US_SEC && us % US_MIN) {
      var whole = Math.floor(us / US_SEC), fraction = us % US_SEC;
      total = Math.floor(whole / 60);
      var seconds = whole % 60;
      secondText = fraction ? (seconds + "." + pad(fraction, 6)).replace(/0+$/, "") : String(seconds);
    } else {
      total = Math.ceil(us / US_MIN);
    }
    if (total < 0) total = 0;
    var days = Math.floor(total / 1440), rest = total % 1440;
    var hours = Math.floor(rest / 60), minutes = rest % 60;
    var text = (days ? days + "天" : "") + (hours ? hours + "小时" : "") + (minutes ? minutes + "分钟" : "") +
      (secondText ? secondText + "秒" : "");
    return text || "0分钟";
  }

  function nowUs() {
    return Date.now() * 1000 + D.org.offset_minutes * US_MIN;
  }

  // ------------------------------------------------------------------ YAML text

  var RESERVED = /^(?:~|null|true|false|yes|no|on|off|y|n)$/i;
  var UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]/g;

  function plain(text, flow) {
    if (!text || /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff"\\]/.test(text)) return false;
    if (/^[\s\-?:,\[\]{}#&*!|>'"%@`=<]/.test(text) || /\s$/.test(text)) return false;
    if (/:\s|:$|\s#/.test(text)) return false;
    if (flow && /[\[\]{},:]/.test(text)) return false;
    if (RESERVED.test(text) || /^[-+]?[\d.][\d._:+eExXoO-]*$/.test(text)) return false;
    return true;
  }

  /** A YAML double-quoted scalar (JSON's escapes are YAML's). */
  function quoted(text) {
    return "\"" + String(text).replace(/[\\"]/g, "\\$&").replace(UNPRINTABLE, function (c) {
      if (c === "\n") return "\\n";
      if (c === "\t") return "\\t";
      return "\\u" + pad(c.charCodeAt(0).toString(16), 4);
    }) + "\"";
  }

  function scalar(text, flow) {
    text = String(text);
    return plain(text, flow) ? text : quoted(text);
  }

  function flowList(items) {
    return "[" + items.map(function (item) { return scalar(item, true); }).join(", ") + "]";
  }

  /** The front matter's lines as [start, end): after the first `---`, before the next (or the whole .yml). */
  function region(lines, format) {
    if (format === "yml") {
      var end = lines.length;
      for (var i = 0; i < lines.length; i++) if (/^body:(\s|$)/.test(lines[i])) { end = i; break; }
      while (end > 0 && /^\s*$/.test(lines[end - 1])) end -= 1;
      return [0, end];
    }
    var open = -1;
    for (var j = 0; j < lines.length; j++) {
      if (/^---\s*$/.test(lines[j].replace(/^\ufeff/, ""))) { if (open < 0) open = j; else return [open + 1, j]; }
    }
    throw new Error("找不到记录开头的两行 ---，无法自动追加。");
  }

  function keyPattern(key, commented) {
    var name = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return new RegExp("^" + (commented ? "#\\s*" : "") + name + ":(\\s|$)");
  }

  function findTop(lines, span, key, commented) {
    var pattern = keyPattern(key, commented);
    for (var i = span[0]; i < span[1]; i++) if (pattern.test(lines[i])) return i;
    return -1;
  }

  /** The last line of the block of the top-level key at `at` (comments and blank lines after it excluded). */
  function blockEnd(lines, span, at) {
    var last = at;
    for (var j = at + 1; j < span[1]; j++) {
      var line = lines[j];
      if (/^\s*$/.test(line) || /^#/.test(line)) continue;
      if (/^[ \t]/.test(line) || /^-(\s|$)/.test(line)) { last = j; continue; }
      break;
    }
    return last;
  }

  /** Split a `key: value   # comment` line into its parts (the value may be double-quoted). */
  function splitLine(line, key) {
    var m = new RegExp("^(\\s*)(#\\s*)?" + key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ":(\\s*)(.*)$").exec(line);
    if (!m) return null;
    var rest = m[4], cut = -1;
    if (rest[0] === "\"") {
      var close = rest.slice(1).search(/(^|[^\\])(\\\\)*"/);
      var end = close < 0 ? rest.length : rest.indexOf("\"", close + 1) + 1;
      var after = rest.slice(end).search(/\s+#/);
      cut = after < 0 ? -1 : end + after;
    } else {
      cut = rest.search(/\s+#/);
      if (rest[0] === "#") cut = 0;
    }
    var valueText = cut < 0 ? rest : rest.slice(0, cut);
    var comment = cut < 0 ? "" : rest.slice(cut).replace(/^\s+/, "");
    return { indent: m[1], value: valueText.trim(), comment: comment, column: line.length - comment.length };
  }

  function joinLine(indent, key, valueText, comment, column) {
    var head = indent + key + ":" + (valueText === "" ? "" : " " + valueText);
    if (!comment) return head;
    var gap = Math.max(1, (column || 0) - head.length);
    return head + new Array(gap + 1).join(" ") + comment;
  }

  function setLine(lines, index, key, valueText) {
    var parts = splitLine(lines[index], key);
    lines[index] = joinLine(parts.indent, key, valueText, parts.comment, parts.column);
  }

  /** Set a top-level scalar: replace its value (keeping the comment), or uncomment `# key:`, or add it at the end. */
  function setTop(lines, format, key, valueText) {
    var span = region(lines, format);
    var at = findTop(lines, span, key, false);
    if (at < 0) at = findTop(lines, span, key, true);
    if (at >= 0) { setLine(lines, at, key, valueText); return; }
    lines.splice(span[1], 0, key + ": " + valueText);
  }

  /** Set `child` in the block of top-level `parent` (uncommenting `  # child:` if that is all there is). */
  function setChild(lines, format, parent, child, valueText) {
    var span = region(lines, format);
    var at = findTop(lines, span, parent, false);
    if (at < 0) {
      lines.splice(span[1], 0, parent + ":", "  " + child + ": " + valueText);
      return;
    }
    var end = blockEnd(lines, span, at), commented = -1;
    for (var i = at + 1; i <= Math.max(end, at + 1) && i < span[1]; i++) {
      if (new RegExp("^\\s+" + child + ":(\\s|$)").test(lines[i])) { setLine(lines, i, child, valueText); return; }
      if (commented < 0 && new RegExp("^\\s+#\\s*" + child + ":(\\s|$)").test(lines[i])) commented = i;
    }
    if (commented >= 0) { setLine(lines, commented, child, valueText); return; }
    lines.splice(end + 1, 0, "  " + child + ": " + valueText);
  }

  /** Append a list item (lines relative to the item's dash) to the top-level list `key`. */
  function appendItem(lines, format, key, item) {
    var span = region(lines, format);
    var at = findTop(lines, span, key, false);
    if (at < 0) {
      lines.splice.apply(lines, [span[1], 0, key + ":"].concat(item.map(function (line) { return "  " + line; })));
      return;
    }
    var parts = splitLine(lines[at], key);
    var current = parts.value;
    if (current === "[]" || current === "" || current === "null" || current === "~") {
      if (current !== "") lines[at] = joinLine(parts.indent, key, "", parts.comment, parts.column);
    } else {
      throw new Error("该记录的 " + key + " 写成了一行（" + current.slice(0, 40) + "），本页无法自动追加。请复制下面的条目，在代码平台上手工加到 " + key + " 中。");
    }
    var end = blockEnd(lines, span, at), indent = "  ";
    for (var i = at + 1; i <= end; i++) {
      var m = /^(\s*)-(\s|$)/.exec(lines[i]);
      if (m) { indent = m[1]; break; }
    }
    lines.splice.apply(lines, [end + 1, 0].concat(item.map(function (line) { return indent + line; })));
  }

  // ------------------------------------------------------------------ entries as YAML

  function entryItem(entry) {
    var out = [];
    function add(key, text, raw) { out.push((out.length ? "  " : "- ") + key + ": " + (raw ? text : scalar(text))); }
    if (entry.type === "report") {
      add("kind", entry.kind);
      add("at", entry.at, true);
      add("by", entry.by);
      add("to", flowList(entry.to), true);
      if (entry.cc.length) add("cc", flowList(entry.cc), true);
      if (entry.channel) add("channel", entry.channel);
      if (entry.content) add("content", entry.content);
      var names = Object.keys(entry.elements).filter(function (name) { return entry.elements[name]; });
      if (names.length) {
        out.push("  elements:");
        names.forEach(function (name) { out.push("    " + scalar(name) + ": " + scalar(entry.elements[name])); });
      }
    } else if (entry.type === "response") {
      add("at", entry.at, true);
      add("channel", entry.channel);
      add("text", entry.text);
      if (entry.approvals.length) {
        out.push("  approvals:");
        entry.approvals.forEach(function (approval) {
          out.push("    - {role: " + scalar(approval.role, true) + ", at: " + approval.at +
                   (approval.by ? ", by: " + scalar(approval.by, true) : "") + "}");
        });
      }
    } else if (entry.type === "escalation") {
      add("to", entry.to);
      add("at", entry.at, true);
      if (entry.by) add("by", entry.by);
      if (entry.channel) add("channel", entry.channel);
      if (entry.content) add("content", entry.content);
    } else if (entry.type === "regrading") {
      add("at", entry.at, true);
      add("to", entry.to);
      add("by", entry.by);
      add("reason", entry.reason);
    } else if (entry.type === "exception") {
      add("rule", entry.rule, true);
      add("reason", entry.reason);
    }
    return out;
  }

  var LIST_OF = { report: "reports", response: "responses", escalation: "escalations", regrading: "regradings",
                  exception: "exceptions" };

  function applyEntries(lines, format, entries) {
    ["report", "response", "escalation", "regrading", "exception"].forEach(function (type) {
      entries.filter(function (e) { return e.type === type; }).forEach(function (entry) {
        appendItem(lines, format, LIST_OF[type], entryItem(entry));
      });
    });
    entries.filter(function (e) { return e.type === "regrading"; }).forEach(function (entry) {
      setTop(lines, format, "level", entry.to);
    });
    entries.filter(function (e) { return e.type === "closure"; }).forEach(function (entry) {
      setTop(lines, format, "status", "已办结");
      setTop(lines, format, "closed_at", entry.at);
    });
  }

  // ------------------------------------------------------------------ a new record from the template

  function deadlineComments(level, discovered) {
    var lines = ["# 本级别的时限（由 schema/policy.yml 计算，供参考）："];
    var obligations = D.policy.obligations;
    Object.keys(obligations).sort().forEach(function (code) {
      var o = obligations[code];
      if (o.levels.indexOf(level) < 0) return;
      var when = "";
      if (o.within !== null && o.start === "clock" && discovered !== null) {
        when = "：" + formatTime(discovered + o.within * US_SEC) + " 前";
      } else if (o.within !== null && o.start === "clock") {
        when = "：获知后 " + formatDuration(o.within * US_SEC, true) + "内";
      } else if (o.within !== null) {
        when = "：" + (o.start === "oral_report" ? "口头报告" : "办结") + "后 " + formatDuration(o.within * US_SEC, true) + "内";
      } else if (o.every !== null) {
        when = "：每 " + (+(o.every / 3600).toFixed(6)) + " 小时至少一次";
      }
      lines.push("#   " + code + " " + o.title + when + "（预案 " + o.clause + "）");
    });
    return lines.join("\n");
  }

  function nextId(year) {
    var prefix = D.org.prefix, best;
    best = (D.taken || {})[year] || 0;
    return prefix + "-" + year + "-" + pad(best + 1, 4);
  }

  function newRecordText(f, entries) {
    var grave = f.level !== "一般";
    var tracking = grave ? "tracking:\n  owner: 请填写跟踪专人姓名      # 较大、重大事件必须指定（四(三)）\n" +
      "  # office_owner: 局办公室跟踪专人" : "# tracking:\n#   owner: 跟踪专人姓名";
    var values = {
      id: f.id, title: quoted(f.title), level: f.level, section: f.section, discovered_at: f.discovered_at,
      drill: f.drill ? "true" : "false", deadlines: deadlineComments(f.level, parseTime(f.discovered_at)),
      tracking: tracking
    };
    var text = D.template.replace(/\$(\$|[_a-zA-Z][_a-zA-Z0-9]*)/g, function (all, name) {
      if (name === "$") return "$";
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
    var lines = text.split("\n");
    if (f.restricted) setTop(lines, "md", "visibility", "restricted");
    if (f.occurred_at) setTop(lines, "md", "occurred_at", f.occurred_at);
    setChild(lines, "md", "source", "channel", scalar(f.channel));
    if (f.url) setChild(lines, "md", "source", "url", scalar(f.url));
    setTop(lines, "md", "summary", scalar(f.summary));
    if (f.tracking_owner) {
      if (!grave) {  // the template has the block commented out for 一般
        var span = region(lines, "md"), at = findTop(lines, span, "tracking", true);
        if (at >= 0) lines.splice(at, 2, "tracking:", "  owner: " + scalar(f.tracking_owner));
      } else {
        setChild(lines, "md", "tracking", "owner", scalar(f.tracking_owner));
      }
      if (f.office_owner) setChild(lines, "md", "tracking", "office_owner", scalar(f.office_owner));
    }
    applyEntries(lines, "md", entries);
    text = lines.join("\n");
    if (f.body) {
      var close = region(text.split("\n"), "md")[1];
      text = text.split("\n").slice(0, close + 1).join("\n") + "\n\n" + f.body.replace(/\r\n?/g, "\n").replace(/\s+$/, "") + "\n";
    }
    return text;
  }

  function appendedText(record, entries) {
    var crlf = record.text.indexOf("\r\n") >= 0;
    var lines = record.text.replace(/\r\n/g, "\n").split("\n");
    applyEntries(lines, record.format, entries);
    var text = lines.join("\n");
    return crlf ? text.replace(/\n/g, "\r\n") : text;
  }

  // ------------------------------------------------------------------ signals (研判预警, monitoring/)

  function nextSignalId(year) {
    var prefix = D.org.prefix, best = (D.signal_taken || {})[year] || 0;
    return prefix + "-YJ-" + year + "-" + pad(best + 1, 4);
  }

  /** One assessment as `yuqing add --kind 研判` writes it: at, by, conclusion, note. */
  function assessmentItem(entry) {
    var out = ["- at: " + entry.at, "  by: " + scalar(entry.by), "  conclusion: " + scalar(entry.conclusion)];
    if (entry.note) out.push("  note: " + scalar(entry.note));
    return out;
  }

  /** The signal's `incident` of the assessments (the last 转为事件 that names one), or "". */
  function becameIncident(entries) {
    var id = "";
    entries.forEach(function (e) { if (e.incident) id = e.incident; });
    return id;
  }

  function applyAssessments(lines, format, entries) {
    entries.forEach(function (entry) { appendItem(lines, format, "assessments", assessmentItem(entry)); });
    var incident = becameIncident(entries);
    if (incident) setTop(lines, format, "incident", scalar(incident));
  }

  /** A new signal from the template, in the layout of `yuqing new --signal`. */
  function newSignalText(f, entries) {
    var noticed = parseTime(f.noticed_at), within = D.policy.signals.assess_within * US_SEC;
    var values = {
      id: f.id, noticed_at: f.noticed_at, noticed_by: scalar(f.noticed_by), section: scalar(f.section),
      channel: scalar(f.channel), summary: quoted(f.summary),
      due: noticed === null ? "" : formatTime(noticed + within), assess_within: formatDuration(within, true)
    };
    var text = D.signal_template.replace(/\$(\$|[_a-zA-Z][_a-zA-Z0-9]*)/g, function (all, name) {
      if (name === "$") return "$";
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
    var lines = text.split("\n");
    if (f.restricted) setTop(lines, "md", "visibility", "restricted");
    if (f.url) setChild(lines, "md", "source", "url", scalar(f.url));
    applyAssessments(lines, "md", entries);
    text = lines.join("\n");
    if (f.body) {
      var close = region(text.split("\n"), "md")[1];
      text = text.split("\n").slice(0, close + 1).join("\n") + "\n\n## 研判经过\n\n" +
        f.body.replace(/\r\n?/g, "\n").replace(/\s+$/, "") + "\n";
    }
    return text;
  }

  function appendedSignalText(record, entries) {
    var crlf = record.text.indexOf("\r\n") >= 0;
    var lines = record.text.replace(/\r\n/g, "\n").split("\n");
    if (record.incident) entries = entries.map(function (e) {  // already written: a fact, left as it is
      return e.incident === record.incident ? { at: e.at, by: e.by, conclusion: e.conclusion, note: e.note } : e;
    });
    applyAssessments(lines, record.format, entries);
    var text = lines.join("\n");
    return crlf ? text.replace(/\n/g, "\r\n") : text;
  }

  /** YQ314 as yuqing/rules/yq314_signal_not_assessed.py judges it: first assessed by noticed_at + assess_within. */
  function evaluateSignal(S) {
    var p = D.policy.signals;
    if (!p || S.noticed === null) return [];
    var limit = p.assess_within * US_SEC, due = S.noticed + limit, now = nowUs();
    var times = S.assessments.filter(function (at) { return at !== null; });
    var first = times.length ? Math.min.apply(null, times) : null;
    var item = { code: "YQ314", title: "发现后 " + formatDuration(limit) + "内研判",
                 severity: p.level === "error" ? "错误（阻止合并）" : "警告", ask: false };
    if (first !== null && first <= due) {
      item.kind = "met";
      item.text = "用时" + formatDuration(first - S.noticed, true) + "，按时";
    } else if (first !== null) {
      item.kind = "late";
      item.text = "超时" + formatDuration(first - due, true) + "（应在 " + formatTime(due) + " 前，实际 " + formatTime(first) +
        "）：检查会给出" + (p.level === "error" ? "错误" : "警告") + "，请如实保留时间，并在研判意见中写明原因";
    } else if (now > due) {
      item.kind = "missing";
      item.text = "时限 " + formatTime(due) + " 已过，尚无研判记录：请尽快研判，并追加一条研判记录";
    } else {
      item.kind = "pending";
      item.text = "尚未研判，须在 " + formatTime(due) + " 前研判（还有" + formatDuration(due - now) + "）";
    }
    return [item];
  }

  // ------------------------------------------------------------------ verdicts (as the rules judge)

  function lastUpgrade(regradings) {
    var found = null, before = null;
    regradings.slice().sort(function (a, b) { return a.at - b.at; }).forEach(function (entry) {
      var up = before !== null ? RANK[entry.to] > RANK[before] : entry.to !== "一般";
      if (up) found = entry;
      before = entry.to;
    });
    return found;
  }

  function severity(o, level) {
    var word = (o.level_by_grade && o.level_by_grade[level]) || o.level;
    return word === "error" ? "错误（阻止合并）" : "警告";
  }

  function evaluate(F, isNew) {
    var out = [];
    var obligations = D.policy.obligations;
    if (!F.level || F.discovered === null) return out;
    var upgrade = lastUpgrade(F.regradings);
    var clock = D.policy.clock_start === "occurred_at" && F.occurred !== null ? F.occurred : F.discovered;
    if (upgrade) clock = Math.max(clock, upgrade.at);
    var excuses = F.exceptions;
    var now = nowUs();
    var closed = F.closed !== null;

    function reportsOf(kinds) {
      return F.reports.filter(function (r) { return kinds.indexOf(r.kind) >= 0 && (!upgrade || r.at >= upgrade.at); })
        .sort(function (a, b) { return a.at - b.at; });
    }

    function reach(kinds, recipients) {
      var earliest = {};
      reportsOf(kinds).forEach(function (r) {
        recipients.forEach(function (name) {
          if (r.to.indexOf(name) >= 0 && !(name in earliest)) earliest[name] = r.at;
        });
      });
      var unreached = recipients.filter(function (name) { return !(name in earliest); });
      var times = Object.keys(earliest).map(function (name) { return earliest[name]; });
      if (unreached.length || !times.length) return { at: null, unreached: unreached };
      return { at: Math.max.apply(null, times), unreached: [] };
    }

    function push(code, o, kind, text, extra) {
      var excused = (kind === "late" || kind === "missing") && excuses.indexOf(code) >= 0;
      var item = { code: code, title: o.title, kind: excused ? "excused" : kind, severity: severity(o, F.level),
                   text: text + (excused ? "，已写情况说明" : ""), ask: (kind === "late" || kind === "missing") && !excused };
      if (item.ask) item.text += kind === "late" ? "：请填写情况说明" : "：如已完成请如实补记，否则请填写情况说明";
      if (extra) item.text += extra;
      out.push(item);
    }

    function judge(code, o, start, due, done, detail) {
      if (done !== null) {
        if (done <= due) push(code, o, "met", "用时" + formatDuration(done - start, true) + "，按时");
        else push(code, o, "late", "超时" + formatDuration(done - due, true), "（应在 " + formatTime(due) + " 前，实际 " + formatTime(done) + "）");
      } else if (now > due) {
        push(code, o, "missing", "时限 " + formatTime(due) + " 已过，尚无记录" + (detail || ""));
      } else {
        push(code, o, "pending", "尚未完成，须在 " + formatTime(due) + " 前完成（还有" + formatDuration(due - now) + "）" + (detail || ""));
      }
    }

    Object.keys(obligations).sort().forEach(function (code) {
      var o = obligations[code];
      if (o.levels.indexOf(F.level) < 0) return;
      if (o.within !== null && o.kinds.length && (o.start === "clock" || o.start === "oral_report")) {
        var start = clock;
        if (o.start === "oral_report") {
          var orals = reportsOf([ORAL]);
          var oralLimit = obligations.YQ301 && obligations.YQ301.within !== null ? obligations.YQ301.within : o.within;
          start = orals.length ? orals[0].at : clock + oralLimit * US_SEC;
        }
        var found = reach(o.kinds, o.recipients);
        var detail = found.unreached.length && found.unreached.length < o.recipients.length ?
          "（尚未报告 " + found.unreached.join("、") + "）" : "";
        judge(code, o, start, start + o.within * US_SEC, found.at, detail);
      } else if (code === "YQ304") {
        var recipients = o.recipients.length ? o.recipients : [D.org.office];
        var first = reportsOf(KINDS)[0];
        if (!first) { push(code, o, "pending", "第一条报告须同时报告或抄送 " + recipients.join("、")); return; }
        var told = first.to.concat(first.cc);
        var missing = recipients.filter(function (name) { return told.indexOf(name) < 0; });
        if (missing.length) push(code, o, "missing", "最早的一条报告没有抄送 " + missing.join("、"));
        else push(code, o, "met", "首报已抄送 " + recipients.join("、"));
      } else if (code === "YQ305") {
        F.responses.forEach(function (response, index) {
          var approved = {};
          response.approvals.forEach(function (a) {
            if (o.recipients.indexOf(a.role) >= 0 && (!(a.role in approved) || a.at < approved[a.role])) approved[a.role] = a.at;
          });
          var lacking = o.recipients.filter(function (role) { return !(role in approved); });
          var label = "第 " + (index + 1) + " 条回应";
          if (lacking.length) { push(code, o, "missing", label + "发布前缺少 " + lacking.join("、") + " 的审核"); return; }
          var last = Math.max.apply(null, o.recipients.map(function (role) { return approved[role]; }));
          if (last <= response.at) push(code, o, "met", label + "发布前已经 " + o.recipients.join("、") + " 审核");
          else push(code, o, "late", label + "先发布（" + formatTime(response.at) + "）后审核（" + formatTime(last) + "）");
        });
      } else if (code === "YQ306" && (o.every !== null || o.within !== null)) {
        var period = (o.every !== null ? o.every : o.within) * US_SEC;
        var kinds = o.kinds.length ? o.kinds : ["续报", FINAL];
        var finals = reportsOf([FINAL]);
        var end = finals.length ? finals[0].at : (closed ? F.closed : null);
        var anchor = clock, number = 0;
        reportsOf(kinds).forEach(function (r) {
          if (r.at <= anchor || (end !== null && r.at >= end)) return;
          number += 1;
          var due = anchor + period;
          if (r.at > due) push(code, o, "late", "第 " + number + " 次续报超时" + formatDuration(r.at - due, true) + "（应在 " + formatTime(due) + " 前）");
          anchor = r.at;
        });
        var nextDue = anchor + period;
        if (end === null) {
          if (now > nextDue) push(code, o, "missing", "第 " + (number + 1) + " 次续报应在 " + formatTime(nextDue) + " 前");
          else push(code, o, "pending", "未办结期间每 " + formatDuration(period) + "至少续报一次，下次续报须在 " + formatTime(nextDue) + " 前");
        } else if (anchor < end && end > nextDue) {
          push(code, o, "missing", "第 " + (number + 1) + " 次续报应在 " + formatTime(nextDue) + " 前");
        }
      } else if (code === "YQ307" && closed && o.within !== null) {
        out.push({ code: code, title: o.title, kind: "info", severity: severity(o, F.level),
                   text: "办结后由局办公室组织复盘，须在 " + formatTime(F.closed + o.within * US_SEC) + " 前完成（复盘记录另行提交）" });
      } else if (code === "YQ308") {
        if (F.tracking) push(code, o, "met", "已指定跟踪专人 " + F.tracking);
        else push(code, o, "missing", "尚未指定跟踪专人");
      } else if (code === "YQ310" && closed) {
        if (reportsOf([FINAL]).length) push(code, o, "met", "已有终报");
        else push(code, o, "missing", "办结前须有一条终报（原因、处置措施、处置结果）");
      } else if (code === "YQ404" && isNew && o.within !== null) {
        var registerBy = clock + o.within * US_SEC;
        if (now > registerBy) {
          out.push({ code: code, title: o.title, kind: "late", severity: severity(o, F.level),
                     text: "现在已超过获知后 " + formatDuration(o.within * US_SEC) + "（" + formatTime(registerBy) + "）才登记，检查会给出警告；请在情况说明中写明原因", ask: excuses.indexOf(code) < 0 });
        } else {
          out.push({ code: code, title: o.title, kind: "pending", severity: severity(o, F.level),
                     text: "请在 " + formatTime(registerBy) + " 前提交合并请求，登记入台账" });
        }
      }
    });
    var elements = D.policy.elements || {};
    var rule309 = obligations.YQ309;
    if (rule309 && rule309.levels.indexOf(F.level) >= 0) {
      F.reports.forEach(function (r) {
        var wanted = elements[r.kind];
        if (!wanted || !r.fresh) return;
        var lacking = wanted.filter(function (name) { return r.elements.indexOf(name) < 0; });
        if (lacking.length) push("YQ309", rule309, "missing", r.label + "：" + r.kind + "缺少要素 " + lacking.join("、"));
        else push("YQ309", rule309, "met", r.label + "：" + r.kind + "要素齐全");
      });
    }
    return out;
  }

  // ------------------------------------------------------------------ each record's data, fetched when picked

  var scriptSrc = (typeof document !== "undefined" && document.currentScript && document.currentScript.src) || "";
  var loaded = { incident: {}, signal: {} };

  /** The site's root address: where this script is, less assets/yuqing/yuqing-form.js (both generators put it there). */
  function siteRoot() {
    var src = scriptSrc;
    if (!src) {
      var node = document.querySelector("script[src*='yuqing-form.js']");
      src = node ? node.src : "";
    }
    var at = src.indexOf("assets/yuqing/yuqing-form.js");
    return at >= 0 ? src.slice(0, at) : "";
  }

  /** As yuqing.render.form.file_name: the id, any character but A-Z a-z 0-9 - _ written ~ and six hex digits. */
  function fileName(id) {
    return Array.from(String(id)).map(function (c) {
      return /^[A-Za-z0-9_-]$/.test(c) ? c : "~" + pad(c.codePointAt(0).toString(16), 6);
    }).join("");
  }

  function recordUrl(kind, id) {
    return siteRoot() + (kind === "signal" ? D.signals_uri : D.records_uri) + "/" + fileName(id) + ".json";
  }

  /** The published record's data: {status: loading | ok | failed, data, error}; update() runs again when it arrives. */
  function load(kind, id) {
    var cache = loaded[kind];
    if (cache[id]) return cache[id];
    var entry = cache[id] = { status: "loading" };
    function failed(error) {
      var status = /^HTTP (\d+)$/.exec((error && error.message) || "");
      entry.status = "failed";
      entry.error = status ? "网站返回 HTTP " + status[1] + "，网站可能正在更新，请稍后刷新再试" :
        window.location.protocol === "file:" ? "浏览器不允许从本机文件读取" :
        (error && error.message === "记录数据与编号不符") ? error.message : "网络连接失败";
      update();
    }
    try {
      fetch(recordUrl(kind, id), { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (data) {
        if (!data || data.id !== id || data.kind !== kind) throw new Error("记录数据与编号不符");
        entry.status = "ok";
        entry.data = data;
        update();
      })["catch"](failed);
    } catch (error) {
      setTimeout(function () { failed(error); }, 0);
    }
    return entry;
  }

  function loadFailed(what, id, entry) {
    return "无法读取" + what + " " + id + " 的记录（" + entry.error + "）。本页在选择记录后才从网站读取记录内容，" +
      "直接打开的网页文件（地址以 file:// 开头）读不到。请用 make serve 在本机打开网站，或打开网站的正式发布地址，再在本页追加。";
  }

  /** The picked record of `kind` and what to say while it is not there: {base, waiting}. */
  function picked(kind, scope, name, what, info) {
    var id = value(root.querySelector(scope), name);
    if (id) {
      var entry = load(kind, id);
      if (entry.status === "ok") return { base: entry.data, waiting: "" };
    }
    while (info.firstChild) info.removeChild(info.firstChild);
    if (!id) return { base: null, waiting: "请选择要追加" + (kind === "signal" ? "研判的" : "的") + what };
    if (entry.status === "loading") {
      info.appendChild(el("p", { class: "yq-hint", text: "正在读取" + what + " " + id + " 的记录……" }));
      return { base: null, waiting: "正在读取" + what + "记录，请稍候" };
    }
    var message = loadFailed(what, id, entry);
    info.appendChild(el("p", { class: "yq-warning yq-load-failed", text: message }));
    return { base: null, waiting: "无法读取" + what + "记录，不能追加（见上方说明）" };
  }

  /** Ids of the incidents the ledger has (for a signal's 转为事件). */
  function incidentIds() {
    return D.records.concat(D.restricted || [], (D.withheld || []).filter(function (id) { return id.indexOf("-YJ-") < 0; }));
  }

  // ------------------------------------------------------------------ the form

  var state = { mode: "new", cards: [] };

  function people() {
    var names = [];
    D.org.sections.forEach(function (section) {
      section.members.forEach(function (name) { if (names.indexOf(name) < 0) names.push(name); });
    });
    return names;
  }

  function datalist(id, items) {
    var list = el("datalist", { id: id });
    items.forEach(function (item) { list.appendChild(el("option", { value: item })); });
    return list;
  }

  function defaultRecipients() {
    return ["分管领导", "主要领导"].filter(function (role) { return D.org.roles.indexOf(role) >= 0; });
  }

  var CARD_TITLES = { report: "报告", response: "对外回应", escalation: "向上级或外部单位报告", regrading: "级别变化",
                      closure: "办结", exception: "情况说明", assessment: "研判" };

  function card(type, preset) {
    preset = preset || {};
    var box = el("fieldset", { class: "yq-card", "data-type": type });
    var legend = el("legend", { text: CARD_TITLES[type] });
    var remove = el("button", { type: "button", class: "yq-remove", text: "删除此条", "aria-label": "删除此条" + CARD_TITLES[type] });
    remove.addEventListener("click", function () { box.parentNode.removeChild(box); update(); });
    box.appendChild(legend);
    var body = el("div", { class: "yq-card-body" });
    box.appendChild(body);
    if (type === "report") {
      var kind = select("kind", KINDS, preset.kind || ORAL);
      body.appendChild(field("报告类型", kind));
      body.appendChild(field("报告时间", timeInput("at"), "实际打通电话、发出报告的时间，必须如实填写"));
      body.appendChild(field("报告人", textInput("by", "yq-people", "姓名")));
      body.appendChild(field("报告对象", checks("to", D.org.roles, preset.to || defaultRecipients())));
      body.appendChild(field("抄送", checks("cc", D.org.roles, preset.cc || [D.org.office])));
      body.appendChild(field("报告方式", textInput("channel", "yq-report-channels", "电话、OA、政务钉钉……")));
      body.appendChild(field("内容摘要（可选）", textArea("content", 2)));
      var elementsBox = el("div", { class: "yq-elements" });
      body.appendChild(elementsBox);
      var drawElements = function () {
        var keep = {};
        Array.prototype.forEach.call(elementsBox.querySelectorAll("textarea"), function (area) { keep[area.name] = area.value; });
        while (elementsBox.firstChild) elementsBox.removeChild(elementsBox.firstChild);
        var names = (D.policy.elements || {})[kind.value] || [];
        if (!names.length) return;
        elementsBox.appendChild(el("p", { class: "yq-hint", text: kind.value + "须写明以下要素（预案五.2、五.3）；尚不清楚的如实写“正在核实”。" }));
        names.forEach(function (name) {
          var area = textArea("el:" + name, 2);
          area.value = keep["el:" + name] || "";
          area.setAttribute("data-element", name);
          elementsBox.appendChild(field(name, area));
        });
      };
      kind.addEventListener("change", drawElements);
      drawElements();
    } else if (type === "response") {
      body.appendChild(field("发布时间", timeInput("at")));
      body.appendChild(field("发布渠道", textInput("channel", null, "如 微博评论区、官方微信、电话回复")));
      body.appendChild(field("回应口径（全文）", textArea("text", 3)));
      var roles = (D.policy.obligations.YQ305 && D.policy.obligations.YQ305.recipients.length) ?
        D.policy.obligations.YQ305.recipients : defaultRecipients();
      roles.forEach(function (role) {
        var row = el("div", { class: "yq-approval", "data-role": role });
        var id = uid("c");
        row.appendChild(el("span", { class: "yq-check" }, [
          el("input", { type: "checkbox", id: id, name: "approved:" + role }),
          el("label", { for: id, text: role + "已审核" })
        ]));
        row.appendChild(field(role + "审核时间", timeInput("approved_at:" + role)));
        row.appendChild(field(role + "审核人（可选）", textInput("approved_by:" + role, "yq-people")));
        body.appendChild(row);
      });
    } else if (type === "escalation") {
      body.appendChild(field("报告对象", textInput("to", "yq-external", "市民政局、区委办……")));
      body.appendChild(field("时间", timeInput("at")));
      body.appendChild(field("报告人（可选）", textInput("by", "yq-people")));
      body.appendChild(field("方式（可选）", textInput("channel", "yq-report-channels")));
      body.appendChild(field("内容（可选）", textArea("content", 2)));
    } else if (type === "regrading") {
      body.appendChild(field("改变级别的时间", timeInput("at"), "新级别中从获知起算的时限从此起算"));
      body.appendChild(field("新级别", select("to", LEVELS, preset.to || "重大")));
      body.appendChild(field("决定或记录人", textInput("by", "yq-people", "姓名")));
      body.appendChild(field("原因（至少 5 个字）", textArea("reason", 2)));
      body.appendChild(el("p", { class: "yq-hint", text: "降级只能由局办公室记录。级别字段 level 会同时改为新级别。" }));
    } else if (type === "closure") {
      body.appendChild(field("办结时间", timeInput("at"), "状态将改为 已办结。较大、重大事件办结前须有终报。"));
    } else if (type === "assessment") {
      body.appendChild(field("研判时间", timeInput("at"), "实际研判的时间，必须如实填写"));
      body.appendChild(field("研判人", select("by", people(), "", "请选择")));
      var conclusion = select("conclusion", D.policy.signals.conclusions, preset.conclusion || "持续关注");
      body.appendChild(field("研判结论", conclusion, "不构成舆情 / 持续关注 / 转为事件"));
      body.appendChild(field("研判意见（可选）", textArea("note", 2, "如：帖文转发量小，未见扩散，继续观察。")));
      var became = field("转成的事件编号（可选）", textInput("incident", "yq-incident-ids", "如 " + D.org.prefix + "-2026-0001"),
        "事件登记并合并后填写；事件的获知时间不得晚于本信息的发现时间（YQ315）");
      became.classList.add("yq-became");
      body.appendChild(became);
    } else if (type === "exception") {
      var codes = Object.keys(D.policy.obligations).sort().map(function (code) {
        return [code, code + " " + D.policy.obligations[code].title];
      });
      body.appendChild(field("对应的时限或义务", select("rule", codes, preset.rule || "", "请选择")));
      body.appendChild(field("情况说明（至少 5 个字）", textArea("reason", 3, "如实写明为什么超时或没有做，例如：值班人员联系分管领导未接通，09:40 改由局办公室转报。")));
    }
    box.appendChild(remove);
    return box;
  }

  function addCard(type, preset) {
    var list = root.querySelector(type === "assessment" ? ".yq-assess-cards" : ".yq-cards");
    if (type === "closure" && list.querySelector("[data-type=closure]")) return list.querySelector("[data-type=closure]");
    var node = card(type, preset);
    list.appendChild(node);
    update();
    return node;
  }

  function readCards() {
    var entries = [], problems = [];
    Array.prototype.forEach.call(root.querySelectorAll(".yq-cards .yq-card"), function (box, index) {
      var type = box.getAttribute("data-type");
      var label = "第 " + (index + 1) + " 条（" + CARD_TITLES[type] + "）";
      var at = pickerTime(value(box, "at"));
      var entry = { type: type, at: at, label: label };
      function need(ok, what) { if (!ok) problems.push(label + "：" + what); }
      if (type !== "exception") need(at, "请填写时间");
      if (type === "report") {
        entry.kind = value(box, "kind");
        entry.by = value(box, "by");
        entry.to = checked(box, "to");
        entry.cc = checked(box, "cc").filter(function (role) { return entry.to.indexOf(role) < 0; });
        entry.channel = value(box, "channel");
        entry.content = value(box, "content");
        entry.elements = {};
        Array.prototype.forEach.call(box.querySelectorAll("textarea[data-element]"), function (area) {
          entry.elements[area.getAttribute("data-element")] = area.value.trim();
        });
        need(entry.by, "请填写报告人");
        need(entry.to.length, "请至少选择一个报告对象");
      } else if (type === "response") {
        entry.channel = value(box, "channel");
        entry.text = value(box, "text");
        entry.approvals = [];
        Array.prototype.forEach.call(box.querySelectorAll(".yq-approval"), function (row) {
          var role = row.getAttribute("data-role");
          if (!value(row, "approved:" + role)) return;
          var when = pickerTime(value(row, "approved_at:" + role));
          need(when, role + "的审核时间");
          if (when) entry.approvals.push({ role: role, at: when, by: value(row, "approved_by:" + role) });
        });
        need(entry.channel, "请填写发布渠道");
        need(entry.text, "请填写回应口径");
      } else if (type === "escalation") {
        entry.to = value(box, "to");
        entry.by = value(box, "by");
        entry.channel = value(box, "channel");
        entry.content = value(box, "content");
        need(entry.to, "请填写报告对象");
      } else if (type === "regrading") {
        entry.to = value(box, "to");
        entry.by = value(box, "by");
        entry.reason = value(box, "reason");
        need(entry.by, "请填写决定或记录人");
        need(entry.reason.length >= 5, "原因至少写 5 个字");
      } else if (type === "exception") {
        entry.rule = value(box, "rule");
        entry.reason = value(box, "reason");
        need(entry.rule, "请选择对应的时限或义务");
        need(entry.reason.length >= 5, "情况说明至少写 5 个字");
      }
      entries.push(entry);
    });
    return { entries: entries, problems: problems };
  }

  function readNew() {
    var box = root.querySelector(".yq-new");
    var f = {
      title: value(box, "title"), level: value(box, "level"), section: value(box, "section"),
      discovered_at: pickerTime(value(box, "discovered_at")), occurred_at: pickerTime(value(box, "occurred_at")),
      channel: value(box, "channel") || "其他", url: value(box, "url"), summary: value(box, "summary"),
      tracking_owner: value(box, "tracking_owner"), office_owner: value(box, "office_owner"),
      drill: value(box, "drill"), restricted: value(box, "restricted"), body: (box.querySelector("[name=body]").value || "").trim()
    };
    var problems = [];
    if (!f.title) problems.push("请填写标题");
    if (!f.section) problems.push("请选择责任科室");
    if (!f.discovered_at) problems.push("请填写本局获知时间");
    if (!f.summary) problems.push("请填写事件概要");
    if (f.level !== "一般" && !f.tracking_owner) problems.push("较大、重大事件请选择跟踪专人（YQ308）");
    var year = f.discovered_at ? f.discovered_at.slice(0, 4) : String(new Date(nowUs() / 1000).getUTCFullYear());
    f.id = nextId(year);
    f.path = D.records_dir + "/" + year + "/" + f.id + ".md";
    return { form: f, problems: problems };
  }

  function readAssessments() {
    var entries = [], problems = [];
    Array.prototype.forEach.call(root.querySelectorAll(".yq-assess-cards .yq-card"), function (box, index) {
      var label = "第 " + (index + 1) + " 条（研判）";
      var entry = { type: "assessment", at: pickerTime(value(box, "at")), by: value(box, "by"),
                    conclusion: value(box, "conclusion"), note: value(box, "note").replace(/\s+/g, " "), label: label };
      var became = entry.conclusion === "转为事件";
      box.querySelector(".yq-became").hidden = !became;
      entry.incident = became ? value(box, "incident") : "";
      if (!entry.at) problems.push(label + "：请填写研判时间");
      if (!entry.by) problems.push(label + "：请选择研判人");
      if (!entry.conclusion) problems.push(label + "：请选择研判结论");
      entries.push(entry);
    });
    return { entries: entries, problems: problems };
  }

  function readSignal() {
    var box = root.querySelector(".yq-signal-new");
    var f = {
      noticed_at: pickerTime(value(box, "noticed_at")), noticed_by: value(box, "noticed_by"), section: value(box, "section"),
      channel: value(box, "channel") || "其他", url: value(box, "url"), summary: value(box, "summary").replace(/\s+/g, " "),
      restricted: value(box, "restricted"), body: (box.querySelector("[name=body]").value || "").trim()
    };
    var problems = [];
    if (!f.noticed_at) problems.push("请填写发现时间");
    if (!f.noticed_by) problems.push("请选择发现人");
    if (!f.section) problems.push("请选择负责研判的科室");
    if (!f.summary) problems.push("请填写信息概要");
    var year = f.noticed_at ? f.noticed_at.slice(0, 4) : String(new Date(nowUs() / 1000).getUTCFullYear());
    f.id = nextSignalId(year);
    f.path = D.monitoring_dir + "/" + year + "/" + f.id + ".md";
    return { form: f, problems: problems };
  }

  /** What the check would refuse of the assessments (problems) and what it is worth a second look (warnings). */
  function signalNotes(noticedAt, entries, base) {
    var problems = [], warnings = [], now = nowUs(), noticed = noticedAt ? parseTime(noticedAt) : null;
    entries.forEach(function (e) {
      if (e.at) {
        var at = parseTime(e.at);
        if (noticed !== null && at < noticed) warnings.push(e.label + "的时间早于发现时间 " + noticedAt + "，请核对。");
        if (at > now + US_MIN) warnings.push(e.label + "的时间晚于现在，请核对。");
      }
      if (!e.incident) return;
      if (base && base.incident && base.incident !== e.incident) {
        problems.push(e.label + "：这条预警信息已记录转为事件 " + base.incident + "，不能改为 " + e.incident +
          "。确属填错的，请局办公室更正并写明原因。");
      } else if (incidentIds().indexOf(e.incident) < 0) {
        warnings.push(e.label + "：台账中还没有编号为 " + e.incident + " 的事件，请核对编号；事件尚未合并的，可以先不填，合并后再追加。");
      } else if (noticed !== null && D.records.indexOf(e.incident) >= 0) {  // YQ315, from the incident's own file
        var got = load("incident", e.incident);
        var discovered = got.status === "ok" ? parseTime(got.data.discovered_at) : null;
        if (discovered !== null && discovered > noticed) {
          warnings.push(e.label + "：事件 " + e.incident + " 的获知时间 " + got.data.discovered_at + " 晚于本信息的发现时间 " +
            noticedAt + "，合并后检查会对该事件报错（YQ315：获知时间不得晚于发现时间）。请核对是否同一件事；" +
            "是同一件事的，请局办公室在该事件的 corrections 中更正获知时间。");
        }
      }
    });
    var named = entries.filter(function (e) { return e.incident; }).map(function (e) { return e.incident; });
    if (named.some(function (id) { return id !== named[0]; })) problems.push("几条研判写了不同的事件编号，一条预警信息只能转为一个事件。");
    return { problems: problems, warnings: warnings };
  }

  function factsOf(base, entries) {
    var F = {
      level: base.level, discovered: parseTime(base.discovered_at), occurred: base.occurred_at ? parseTime(base.occurred_at) : null,
      closed: base.closed_at ? parseTime(base.closed_at) : null, tracking: base.tracking || null,
      reports: (base.reports || []).map(function (r, i) {
        return { kind: r.kind, at: parseTime(r.at), to: r.to, cc: r.cc, elements: r.elements || [], label: "已有第 " + (i + 1) + " 条" };
      }),
      responses: (base.responses || []).map(function (r) {
        return { at: parseTime(r.at), approvals: r.approvals.map(function (a) { return { role: a.role, at: parseTime(a.at) }; }) };
      }),
      exceptions: (base.exceptions || []).map(function (e) { return e.rule; }),
      regradings: (base.regradings || []).map(function (g) { return { at: parseTime(g.at), to: g.to }; })
    };
    entries.forEach(function (e) {
      var at = e.at ? parseTime(e.at) : null;
      if (e.type === "report" && at !== null) {
        F.reports.push({ kind: e.kind, at: at, to: e.to, cc: e.cc, fresh: true, label: e.label,
                         elements: Object.keys(e.elements).filter(function (n) { return e.elements[n]; }) });
      } else if (e.type === "response" && at !== null) {
        F.responses.push({ at: at, approvals: e.approvals.map(function (a) { return { role: a.role, at: parseTime(a.at) }; }) });
      } else if (e.type === "exception" && e.rule) {
        F.exceptions.push(e.rule);
      } else if (e.type === "regrading" && at !== null) {
        F.regradings.push({ at: at, to: e.to });
        F.level = e.to;
      } else if (e.type === "closure" && at !== null) {
        F.closed = at;
      }
    });
    return F;
  }

  function orderWarnings(F, entries, base) {
    var out = [], now = nowUs();
    entries.forEach(function (e) {
      if (!e.at) return;
      var at = parseTime(e.at);
      if (F.discovered !== null && at < F.discovered && e.type !== "exception") out.push(e.label + "的时间早于本局获知时间（YQ104）。");
      if (at > now + US_MIN) out.push(e.label + "的时间晚于现在，请核对（YQ104）。");
      if (base && base.closed_at && e.type !== "closure" && e.type !== "exception" && at > parseTime(base.closed_at)) {
        out.push(e.label + "的时间晚于该事件的办结时间 " + base.closed_at + "（YQ104）。");
      }
    });
    if (base && base.closed_at && entries.some(function (e) { return e.type === "closure"; })) {
      out.push("该事件已于 " + base.closed_at + " 办结，已填写的办结时间不能修改（YQ401）。");
    }
    return out;
  }

  var shownVerdicts = null;

  function renderVerdicts(items, warnings) {
    var box = root.querySelector(".yq-verdicts");
    // Re-drawn only when they change: a button pressed while a field loses focus (a change event)
    // must still be there when the click arrives.
    var key = JSON.stringify([items, warnings]);
    if (key === shownVerdicts) return;
    shownVerdicts = key;
    while (box.firstChild) box.removeChild(box.firstChild);
    if (!items.length && !warnings.length) {
      box.appendChild(el("p", { class: "yq-hint", text: "填写级别和获知时间后，这里会逐项显示各项时限的结论。" }));
      return;
    }
    var list = el("ul", { class: "yq-verdict-list" });
    items.forEach(function (item) {
      var words = { met: "按时", late: "超时", missing: "缺失", pending: "未到期", excused: "已说明", info: "提示" }[item.kind];
      var row = el("li", { class: "yq-verdict yq-verdict-" + item.kind, "data-rule": item.code }, [
        el("span", { class: "yq-badge yq-" + (item.kind === "info" ? "pending" : item.kind), text: words }),
        " ",
        el("strong", { text: item.code + " " + item.title + "：" }),
        el("span", { class: "yq-verdict-text", text: item.text }),
        el("small", { class: "yq-hint", text: "（" + item.severity + "）" })
      ]);
      if (item.ask) {
        var button = el("button", { type: "button", class: "yq-ask", text: "添加情况说明（" + item.code + "）" });
        button.addEventListener("click", function () {
          var node = addCard("exception", { rule: item.code });
          var area = node.querySelector("textarea[name=reason]");
          if (area) area.focus();
        });
        row.appendChild(button);
      }
      list.appendChild(row);
    });
    box.appendChild(list);
    warnings.forEach(function (text) { box.appendChild(el("p", { class: "yq-warning", text: text })); });
  }

  function baseName(path) {
    return path.slice(path.lastIndexOf("/") + 1);
  }

  function platformLink(path, text, isNew) {
    var repo = D.repo, dir = path.slice(0, path.lastIndexOf("/")), name = baseName(path);
    if (!repo.platform) return null;
    if (repo.platform === "gitlab") {
      return { href: repo["new"].replace(/\/$/, "") + "/" + (isNew ? dir + "/" : path),
               note: isNew ? "将打开 GitLab Web IDE：在 " + dir + " 文件夹上点右键 → 新建文件，文件名填 " + name + "，再把已复制的全文粘贴进去。" :
                 "将打开 GitLab Web IDE 中的 " + path + "：全选原内容（Ctrl+A），粘贴已复制的全文（Ctrl+V）。" };
    }
    if (isNew) {
      var href = repo["new"] + dir + (repo.platform === "gitea" ? "/" : "") + "?filename=" + encodeURIComponent(name) +
        "&value=" + encodeURIComponent(text);
      return { href: href, note: "将打开 " + repo.name + " 的新建文件页面，文件名和内容已填好；请在页面下方选择“新建分支并发起合并请求”后提交。" +
               (href.length > 8000 ? "内容较长，如打开的页面内容为空，请粘贴已复制的全文。" : "") };
    }
    return { href: repo.edit + path, note: "将打开 " + repo.name + " 上 " + path + " 的编辑页面：全选原内容（Ctrl+A），粘贴已复制的全文（Ctrl+V），再提交到新分支。" };
  }

  function copyText(text, status) {
    function done(ok) { status.textContent = ok ? "已复制到剪贴板。" : "无法自动复制，请在下面的文本框中全选（Ctrl+A）后复制（Ctrl+C）。"; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy()); });
    } else {
      done(fallbackCopy());
    }
  }

  function fallbackCopy() {
    var area = root.querySelector(".yq-output");
    area.focus();
    area.select();
    try { return document.execCommand("copy"); } catch (error) { return false; }
  }

  var current = { text: "", path: "", ok: false, isNew: true };

  function update() {
    if (!root) return;
    var mode = root.querySelector("input[name=yq-mode]:checked").value;
    state.mode = mode;
    root.querySelector(".yq-new").hidden = mode !== "new";
    root.querySelector(".yq-append").hidden = mode !== "append";
    var signalMode = mode === "signal" || mode === "assess";
    root.querySelector(".yq-signal-new").hidden = mode !== "signal";
    root.querySelector(".yq-signal-append").hidden = mode !== "assess";
    root.querySelector(".yq-entries").hidden = signalMode;
    root.querySelector(".yq-assessments").hidden = !signalMode;
    if (signalMode) { updateSignal(mode); return; }
    var cards = readCards();
    var problems = cards.problems.slice(), text = "", path = "", facts = null, base = null;
    var info = root.querySelector(".yq-record-info");
    if (mode === "new") {
      var read = readNew();
      problems = read.problems.concat(problems);
      var f = read.form;
      root.querySelector(".yq-tracking").hidden = f.level === "一般" && !f.tracking_owner;
      path = f.path;
      try { text = newRecordText(f, cards.entries); } catch (error) { problems.push(error.message); }
      facts = factsOf({ level: f.level, discovered_at: f.discovered_at, occurred_at: f.occurred_at, tracking: f.tracking_owner }, cards.entries);
    } else {
      var chosen = picked("incident", ".yq-append", "record", "事件", info);
      base = chosen.base;
      if (!base) {
        problems.push(chosen.waiting);
      } else {
        while (info.firstChild) info.removeChild(info.firstChild);
        info.appendChild(el("p", { text: base.title + (base.drill ? "（演练）" : "") }));
        info.appendChild(el("p", { text: "级别 " + base.level + "，状态 " + base.status + "，责任科室 " + base.section +
          "，获知时间 " + base.discovered_at + (base.closed_at ? "，办结时间 " + base.closed_at : "") + "。文件：" + base.path }));
        if (!cards.entries.length) problems.push("请至少添加一条要追加的内容（下方按钮）");
        path = base.path;
        try { text = appendedText(base, cards.entries); } catch (error) { problems.push(error.message); }
        facts = factsOf(base, cards.entries);
      }
    }
    var items = facts ? evaluate(facts, mode === "new") : [];
    renderVerdicts(items, facts ? orderWarnings(facts, cards.entries, base) : []);
    show(mode, text, path, problems);
  }

  function updateSignal(mode) {
    var cards = readAssessments();
    var problems = cards.problems.slice(), text = "", path = "", noticedAt = "", base = null, existing = [];
    var info = root.querySelector(".yq-signal-info");
    if (mode === "signal") {
      var read = readSignal();
      problems = read.problems.concat(problems);
      path = read.form.path;
      noticedAt = read.form.noticed_at;
      try { text = newSignalText(read.form, cards.entries); } catch (error) { problems.push(error.message); }
    } else {
      var chosen = picked("signal", ".yq-signal-append", "signal", "预警信息", info);
      base = chosen.base;
      if (!base) {
        problems.push(chosen.waiting);
      } else {
        while (info.firstChild) info.removeChild(info.firstChild);
        var last = base.assessments.length ? base.assessments[base.assessments.length - 1] : null;
        info.appendChild(el("p", { text: "发现时间 " + base.noticed_at + "，发现人 " + base.noticed_by + "，负责科室 " + base.section +
          "；已有研判 " + base.assessments.length + " 条" + (last ? "（最近一次 " + last.at + "，" + last.conclusion + "）" : "") +
          (base.incident ? "；已转为事件 " + base.incident : "") + "。文件：" + base.path }));
        info.appendChild(el("p", { class: "yq-hint", text: "信息概要：" + base.summary }));
        if (!cards.entries.length) problems.push("请至少添加一条研判（下方按钮）");
        path = base.path;
        noticedAt = base.noticed_at;
        existing = base.assessments.map(function (a) { return parseTime(a.at); });
        try { text = appendedSignalText(base, cards.entries); } catch (error) { problems.push(error.message); }
      }
    }
    var notes = signalNotes(noticedAt, cards.entries, base);
    problems = problems.concat(notes.problems);
    var facts = { noticed: noticedAt ? parseTime(noticedAt) : null,
                  assessments: existing.concat(cards.entries.map(function (e) { return e.at ? parseTime(e.at) : null; })) };
    renderVerdicts(evaluateSignal(facts), noticedAt ? notes.warnings : []);
    show(mode, text, path, problems);
  }

  function show(mode, text, path, problems) {
    var isNew = mode === "new" || mode === "signal";
    current = { text: text, path: path, ok: !problems.length && !!text, isNew: isNew };
    var problemBox = root.querySelector(".yq-problems");
    while (problemBox.firstChild) problemBox.removeChild(problemBox.firstChild);
    if (problems.length) {
      problemBox.appendChild(el("p", { text: "还需要填写或改正：" }));
      var list = el("ul");
      problems.forEach(function (p) { list.appendChild(el("li", { text: p })); });
      problemBox.appendChild(list);
    }
    root.querySelector(".yq-output").value = text;
    root.querySelector(".yq-path").textContent = path ? "文件：" + path : "";
    ["download", "copy"].forEach(function (name) { root.querySelector(".yq-" + name).disabled = !current.ok; });
    var link = root.querySelector(".yq-platform");
    var note = root.querySelector(".yq-platform-note");
    if (!D.repo.platform) {
      link.hidden = true;
      note.textContent = D.repo.reason;
    } else {
      var target = path ? platformLink(path, text, isNew) : null;
      link.hidden = false;
      link.textContent = (isNew ? "在 " + D.repo.name + " 上新建此文件" : "在 " + D.repo.name + " 上编辑此文件");
      if (current.ok && target) {
        link.setAttribute("href", target.href);
        link.removeAttribute("aria-disabled");
        note.textContent = target.note;
      } else {
        link.removeAttribute("href");
        link.setAttribute("aria-disabled", "true");
        note.textContent = "填写完整后可用。";
      }
    }
  }

  function build() {
    var people_ = people();
    root.appendChild(datalist("yq-people", people_));
    root.appendChild(datalist("yq-report-channels", D.report_channels));
    root.appendChild(datalist("yq-external", D.org.external.length ? D.org.external : ["市民政局", "区委办", "区府办", "区委网信办"]));

    var modes = el("fieldset", { class: "yq-mode" }, [el("legend", { text: "要做什么" })]);
    [["new", "登记新事件"], ["append", "在已有事件中追加（续报、终报、回应、上报、级别变化、办结、情况说明）"],
     ["signal", "登记预警信息（研判预警：监测发现的苗头性、预警性信息）"], ["assess", "在预警信息中追加研判"]].forEach(function (pair, index) {
      var id = uid("mode");
      modes.appendChild(el("span", { class: "yq-check" }, [
        el("input", { type: "radio", name: "yq-mode", id: id, value: pair[0], checked: index === 0 }),
        el("label", { for: id, text: pair[1] })
      ]));
    });
    root.appendChild(modes);

    var fresh = el("fieldset", { class: "yq-new" }, [el("legend", { text: "新事件" })]);
    fresh.appendChild(field("标题", textInput("title", null, "一句话说明是什么事")));
    fresh.appendChild(field("级别", select("level", LEVELS, "一般"), "按预案四(二)的定义判断；拿不准时按较高的级别登记"));
    fresh.appendChild(field("责任科室（单位）", select("section", D.org.sections.map(function (s) { return s.name; }), "", "请选择")));
    fresh.appendChild(field("本局获知时间", timeInput("discovered_at"), "各项时限由此起算，必须如实填写"));
    fresh.appendChild(field("事发时间（如知道）", timeInput("occurred_at")));
    fresh.appendChild(field("信息来源渠道", select("channel", D.channels, "其他")));
    fresh.appendChild(field("原帖链接（可选）", textInput("url", null, "https://…")));
    fresh.appendChild(field("事件概要", textArea("summary", 3, "两三句话写明事件概要。不要写身份证号、手机号等个人信息。")));
    var tracking = el("div", { class: "yq-tracking" });
    var members = people_;
    tracking.appendChild(field("跟踪专人", select("tracking_owner", members, "", "请选择"), "较大、重大事件必须指定（四(三)）"));
    var office = D.org.sections.filter(function (s) { return s.name === D.org.office; })[0];
    tracking.appendChild(field("局办公室跟踪专人（可选）", select("office_owner", office ? office.members : [], "", "（不填）")));
    fresh.appendChild(tracking);
    var drillId = uid("c"), restrictedId = uid("c");
    fresh.appendChild(el("div", { class: "yq-field" }, [el("span", { class: "yq-check" }, [
      el("input", { type: "checkbox", id: drillId, name: "drill" }), el("label", { for: drillId, text: "这是一次演练" })])]));
    fresh.appendChild(el("div", { class: "yq-field" }, [el("span", { class: "yq-check" }, [
      el("input", { type: "checkbox", id: restrictedId, name: "restricted" }),
      el("label", { for: restrictedId, text: "受限记录：网站只显示基本事实和时限结论（visibility: restricted）" })])]));
    fresh.appendChild(field("事件经过（可选，可以以后补充）", textArea("body", 4, "按时间顺序写明事件经过、核实情况、处置情况。")));
    root.appendChild(fresh);

    var append = el("fieldset", { class: "yq-append", hidden: true }, [el("legend", { text: "选择已有事件" })]);
    append.appendChild(field("事件编号", select("record", D.records, "", "请选择"),
      "编号见舆情事件列表或事件页面（新的在前）。只列出网站上公开全文的事件；受限记录不在此列，请在代码平台上直接编辑。"));
    append.appendChild(el("div", { class: "yq-record-info" }));
    root.appendChild(append);

    var entries = el("section", { class: "yq-entries" }, [
      el("h2", { text: "报告和其他条目" }),
      el("p", { class: "yq-hint", text: "每报告一次、每发布一次回应，各加一条。已经合并的条目不能修改，只能追加。" }),
      el("div", { class: "yq-cards" })
    ]);
    var buttons = el("div", { class: "yq-add" });
    [["report", "＋ 报告"], ["response", "＋ 对外回应"], ["escalation", "＋ 向上级报告"], ["regrading", "＋ 级别变化"],
     ["closure", "＋ 办结"], ["exception", "＋ 情况说明"]].forEach(function (pair) {
      var button = el("button", { type: "button", "data-add": pair[0], text: pair[1] });
      button.addEventListener("click", function () { addCard(pair[0]); });
      buttons.appendChild(button);
    });
    entries.appendChild(buttons);
    root.appendChild(entries);

    var signal = el("fieldset", { class: "yq-signal-new", hidden: true }, [el("legend", { text: "新预警信息" })]);
    var within = formatDuration(D.policy.signals.assess_within * US_SEC);
    signal.appendChild(field("发现时间", timeInput("noticed_at"),
      "研判时限由此起算（发现后 " + within + "内须研判，YQ314）；转为事件的，事件的获知时间不得晚于此（YQ315）"));
    signal.appendChild(field("发现人", select("noticed_by", people_, "", "请选择")));
    signal.appendChild(field("负责研判的科室（单位）", select("section", D.org.sections.map(function (s) { return s.name; }), "", "请选择")));
    signal.appendChild(field("信息来源渠道", select("channel", D.channels, "其他")));
    signal.appendChild(field("原帖链接（可选）", textInput("url", null, "https://…")));
    signal.appendChild(field("信息概要", textArea("summary", 3, "发现了什么：在哪个平台、说了什么、热度如何。不要写身份证号、手机号等个人信息。")));
    var signalRestrictedId = uid("c");
    signal.appendChild(el("div", { class: "yq-field" }, [el("span", { class: "yq-check" }, [
      el("input", { type: "checkbox", id: signalRestrictedId, name: "restricted" }),
      el("label", { for: signalRestrictedId, text: "受限记录：网站只显示发现时间、科室和研判结论（visibility: restricted）" })])]));
    signal.appendChild(field("研判经过（可选，可以以后补充）", textArea("body", 4, "写明发现经过、研判情况。")));
    root.insertBefore(signal, entries);

    var assess = el("fieldset", { class: "yq-signal-append", hidden: true }, [el("legend", { text: "选择预警信息" })]);
    assess.appendChild(field("预警信息编号", select("signal", D.signals, "", "请选择"),
      "编号见研判预警列表（新的在前）。只列出网站上公开全文的预警信息；受限记录不在此列，请在代码平台上直接编辑。"));
    assess.appendChild(el("div", { class: "yq-signal-info" }));
    root.insertBefore(assess, entries);

    var assessments = el("section", { class: "yq-assessments", hidden: true }, [
      el("h2", { text: "研判记录" }),
      el("p", { class: "yq-hint", text: "每研判一次加一条。登记时尚未研判的，可以不加，研判后再追加。已经合并的研判记录不能修改，只能追加。" }),
      el("div", { class: "yq-assess-cards" })
    ]);
    var assessButton = el("button", { type: "button", "data-add": "assessment", text: "＋ 研判" });
    assessButton.addEventListener("click", function () { addCard("assessment"); });
    assessments.appendChild(el("div", { class: "yq-add" }, [assessButton]));
    root.appendChild(assessments);
    root.appendChild(datalist("yq-incident-ids", incidentIds()));

    root.appendChild(el("section", { class: "yq-check-live" }, [
      el("h2", { text: "时限核查（随填随算）" }),
      el("p", { class: "yq-hint", text: "依据 schema/policy.yml，与合并请求的自动检查相同；边界时刻算按时。" }),
      el("div", { class: "yq-verdicts", "aria-live": "polite" })
    ]));

    var output = el("section", { class: "yq-result" }, [
      el("h2", { text: "生成的文件" }),
      el("div", { class: "yq-problems", "aria-live": "polite" }),
      el("p", { class: "yq-path" })
    ]);
    var actions = el("div", { class: "yq-actions" });
    var download = el("button", { type: "button", class: "yq-download md-button md-button--primary", text: "下载文件" });
    var copy = el("button", { type: "button", class: "yq-copy md-button", text: "复制全文" });
    var platform = el("a", { class: "yq-platform md-button", target: "_blank", rel: "noopener noreferrer" });
    var status = el("span", { class: "yq-status", "aria-live": "polite" });
    actions.appendChild(download);
    actions.appendChild(copy);
    actions.appendChild(platform);
    actions.appendChild(status);
    output.appendChild(actions);
    output.appendChild(el("p", { class: "yq-platform-note yq-hint" }));
    output.appendChild(el("textarea", { class: "yq-output", readonly: true, rows: "24", spellcheck: "false", "aria-label": "生成的文件全文" }));
    root.appendChild(output);

    download.addEventListener("click", function () {
      if (!current.ok) return;
      var blob = new Blob([current.text], { type: /\.ya?ml$/.test(current.path) ? "text/yaml;charset=utf-8" : "text/markdown;charset=utf-8" });
      var url = URL.createObjectURL(blob);
      var a = el("a", { href: url, download: baseName(current.path) });
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      status.textContent = "已下载 " + baseName(current.path) + "，请保存为仓库中的 " + current.path + "。";
    });
    copy.addEventListener("click", function () { if (current.ok) copyText(current.text, status); });
    platform.addEventListener("click", function (event) {
      if (!current.ok || !platform.getAttribute("href")) { event.preventDefault(); return; }
      copyText(current.text, status);
    });

    Array.prototype.forEach.call(modes.querySelectorAll("input[name=yq-mode]"), function (radio) {
      radio.addEventListener("change", function () {  // an untouched first report: the usual kind of the mode
        if (radio.value === "assess" && !root.querySelector(".yq-assess-cards .yq-card")) addCard("assessment");
        if (radio.value !== "new" && radio.value !== "append") return;
        var cards = root.querySelectorAll(".yq-cards .yq-card");
        if (cards.length !== 1 || cards[0].getAttribute("data-type") !== "report" || value(cards[0], "at")) return;
        var kind = cards[0].querySelector("[name=kind]");
        kind.value = radio.value === "append" ? "续报" : ORAL;
        kind.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    root.addEventListener("change", function (event) {  // picking a record again tries a failed reading again
      var name = event.target && event.target.name, kind = name === "record" ? "incident" : name === "signal" ? "signal" : null;
      if (kind && loaded[kind][event.target.value] && loaded[kind][event.target.value].status === "failed") {
        delete loaded[kind][event.target.value];
      }
    }, true);
    root.addEventListener("input", update);
    root.addEventListener("change", update);
    addCard("report", { kind: ORAL });
    preselect();
  }

  /** `form/?id=YZMZ-2024-0001` opens the form to append to that record (a link the office can send). */
  function preselect() {
    var match = /[?&]id=([^&#]*)/.exec(window.location.search || "");
    if (!match) return;
    var id = decodeURIComponent(match[1].replace(/\+/g, " ")).trim();
    var status = root.querySelector(".yq-status");
    if (id.indexOf("-YJ-") >= 0) { preselectSignal(id, status); return; }
    var known = D.records.indexOf(id) >= 0;
    if (!known) {
      status.textContent = D.restricted.indexOf(id) >= 0 ? "事件 " + id + " 是受限记录，不能在本页追加，请在代码平台上直接编辑。" :
        (D.withheld || []).indexOf(id) >= 0 ? "事件 " + id + " 的记录中有个人信息或不安全的内容（YQ501–YQ503），" +
          "不能在本页追加，请先在代码平台上按检查提示修改。" :
        "网站上没有事件 " + id + "。";
      return;
    }
    var radio = root.querySelector("input[name=yq-mode][value=append]");
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    var chooser = root.querySelector(".yq-append [name=record]");
    chooser.value = id;
    chooser.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function preselectSignal(id, status) {
    var known = D.signals.indexOf(id) >= 0;
    if (!known) {
      status.textContent = (D.restricted_signals || []).indexOf(id) >= 0 ?
        "预警信息 " + id + " 是受限记录，不能在本页追加研判，请在代码平台上直接编辑。" :
        (D.withheld || []).indexOf(id) >= 0 ? "预警信息 " + id + " 的记录中有个人信息或不安全的内容（YQ501–YQ503），" +
          "不能在本页追加，请先在代码平台上按检查提示修改。" :
        "网站上没有预警信息 " + id + "。";
      return;
    }
    var radio = root.querySelector("input[name=yq-mode][value=assess]");
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    var chooser = root.querySelector(".yq-signal-append [name=signal]");
    chooser.value = id;
    chooser.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function init() {
    root = document.getElementById("yq-form");
    var holder = document.querySelector(".yq-form-data");
    if (!root || !holder) return;
    try {
      D = JSON.parse(holder.textContent);
    } catch (error) {
      root.textContent = "表单数据无法读取，请联系局办公室重新生成网站。";
      return;
    }
    Array.prototype.forEach.call(root.querySelectorAll(".yq-form-nojs"), function (node) { node.parentNode.removeChild(node); });
    build();
    update();
  }

  // The pure parts, for tests (tests/test_site_form_script.py runs them in Node against the Python core).
  window.yqForm = { use: function (data) { D = data; }, parseTime: parseTime, formatTime: formatTime,
                    formatDuration: formatDuration, scalar: scalar, nextId: nextId, newRecordText: newRecordText,
                    appendedText: appendedText, factsOf: factsOf, evaluate: evaluate, platformLink: platformLink,
                    nextSignalId: nextSignalId, newSignalText: newSignalText, appendedSignalText: appendedSignalText,
                    evaluateSignal: evaluateSignal, fileName: fileName };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
