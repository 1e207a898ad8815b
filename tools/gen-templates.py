#!/usr/bin/env python3
"""Writes forms/access.v1.json and forms/checklist.v1.json.

The JSON files are the contract (printer and scanner read only them); this script is
how their geometry was laid out, kept so a layout change is a reviewed diff of both.
A layout change must bump "version" and keep the old file (old scans parse with it).
"""
import json, os, sys

PITCH = 6.0      # comb cell pitch: 5 mm cell + 1 mm gap
CELL_W, CELL_H = 5.0, 6.0
SEP = 4.0        # printed separator gap between date/time groups
BOX = 4.5        # checkbox size
LEFT, RIGHT = 15.0, 195.0

def box(x, y, w, h):
    return {"x_mm": round(x, 2), "y_mm": round(y, 2), "w_mm": round(w, 2), "h_mm": round(h, 2)}

def comb(x, y, n, groups=None):
    """n cells from x; groups = list of group sizes separated by a printed separator gap."""
    cells, cx = [], x
    groups = groups or [n]
    for gi, g in enumerate(groups):
        for _ in range(g):
            cells.append(box(cx, y, CELL_W, CELL_H))
            cx += PITCH
        if gi < len(groups) - 1:
            cx += SEP
    return cells

def label(id_, en, x, y):
    return {"id": id_, "en": en, "x_mm": x, "y_mm": y}

def marks():
    s = 5.0
    return [
        dict(role="top_left", **box(10, 10, s, s)),
        dict(role="top_right", **box(195, 10, s, s)),
        dict(role="bottom_left", **box(10, 282, s, s)),
        dict(role="bottom_right", **box(195, 282, s, s)),
        # off-centre mark: breaks the symmetry so orientation is never ambiguous
        dict(role="orientation", **box(50, 10, s, s)),
    ]

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ .,'-"
def common(form, title_id, title_en, sheet_page):
    return {
        "form": form, "version": 1, "sheet_page": sheet_page,
        "page": {"w_mm": 210.0, "h_mm": 297.0},
        "title": {"id": title_id, "en": title_en},
        "marks": marks(),
        "qr": box(168, 20, 24, 24),
        "fields": [], "texts": [],
    }

def access():
    t = common("access", "FORMULIR AKSES RUANG SERVER", "Server room access form", 1)
    F = t["fields"]
    T = t["texts"]
    y = 52
    T.append({"style": "section", "id": "A. DIISI OLEH PENGUNJUNG", "en": "To be filled in by the visitor", **box(LEFT, y, 180, 6)})
    y = 61
    F.append({"id": "visit_date", "type": "date", "required": True,
              "label": label("Tanggal kunjungan (TT/BB/TTTT)", "Visit date (DD/MM/YYYY)", LEFT, y),
              "cells": comb(LEFT, y + 5, 8, [2, 2, 4])})
    F.append({"id": "arrival_time", "type": "time", "required": False,
              "label": label("Jam datang (JJ:MM)", "Arrival time (HH:MM)", 110, y),
              "cells": comb(110, y + 5, 4, [2, 2])})
    y += 13
    F.append({"id": "visitor_name", "type": "text", "required": True, "charset": UPPER, "lang": "ind",
              "label": label("Nama pengunjung (HURUF KAPITAL)", "Visitor name (BLOCK CAPITALS)", LEFT, y),
              "cells": comb(LEFT, y + 5, 30)})
    y += 13
    F.append({"id": "institution", "type": "text", "required": True, "charset": UPPER + "0123456789/()&", "lang": "ind",
              "label": label("Instansi / perusahaan (HURUF KAPITAL)", "Institution / company (BLOCK CAPITALS)", LEFT, y),
              "cells": comb(LEFT, y + 5, 30)})
    y += 13
    opts = [("ktp", "KTP", "ID card"), ("sim", "SIM", "Driving licence"),
            ("passport", "Paspor", "Passport"), ("other", "Lainnya", "Other")]
    F.append({"id": "id_type", "type": "choice", "required": True,
              "label": label("Jenis tanda pengenal", "ID type", LEFT, y),
              "options": [{"value": v, "label": {"id": a, "en": b}, "box": box(LEFT + i * 45, y + 5.5, BOX, BOX)}
                          for i, (v, a, b) in enumerate(opts)]})
    y += 12
    F.append({"id": "id_number", "type": "digits", "required": True,
              "label": label("Nomor tanda pengenal (NIK untuk KTP)", "ID number (NIK for an ID card)", LEFT, y),
              "cells": comb(LEFT, y + 5, 16)})
    F.append({"id": "phone", "type": "digits", "required": False,
              "label": label("No. telepon / HP", "Phone", 118, y),
              "cells": comb(118, y + 5, 13)})
    y += 13
    popts = [("maintenance", "Pemeliharaan/perbaikan perangkat & jaringan server", "Maintenance/repair of devices and network"),
             ("hosting", "Hosting dan subdomain", "Hosting and subdomain"),
             ("management", "Pengelolaan website, aplikasi & data center", "Website/application/data center management"),
             ("other", "Lainnya (sebutkan di bawah)", "Other (give details below)")]
    pos = [(LEFT, y + 5.5), (110, y + 5.5), (LEFT, y + 13.5), (110, y + 13.5)]
    F.append({"id": "purpose", "type": "choice", "required": True,
              "label": label("Tujuan kunjungan (pilih satu)", "Purpose of visit (tick one)", LEFT, y),
              "options": [{"value": v, "label": {"id": a, "en": b}, "box": box(px, py, BOX, BOX)}
                          for (v, a, b), (px, py) in zip(popts, pos)]})
    y += 21
    F.append({"id": "purpose_detail", "type": "text", "required": False, "lang": "ind",
              "label": label("Keterangan tujuan", "Purpose details", LEFT, y),
              "zone": box(LEFT, y + 5, 180, 9)})
    y += 15
    F.append({"id": "brings_devices", "type": "choice", "required": True,
              "label": label("Membawa perangkat? (jika ya, isi ceklist perangkat)", "Bringing devices? (if yes, fill in the device checklist)", LEFT, y),
              "options": [{"value": "yes", "label": {"id": "Ya", "en": "Yes"}, "box": box(LEFT + 110, y, BOX, BOX)},
                          {"value": "no", "label": {"id": "Tidak", "en": "No"}, "box": box(LEFT + 140, y, BOX, BOX)}]})
    y += 9
    T.append({"style": "section", "id": "B. DIISI OLEH PETUGAS OPERATOR SERVER", "en": "To be filled in by the server operator", **box(LEFT, y, 180, 6)})
    y += 8
    F.append({"id": "decision", "type": "choice", "required": True,
              "label": label("Keputusan", "Decision", LEFT, y),
              "options": [{"value": "granted", "label": {"id": "Diizinkan", "en": "Granted"}, "box": box(LEFT, y + 5.5, BOX, BOX)},
                          {"value": "refused", "label": {"id": "Ditolak", "en": "Refused"}, "box": box(LEFT + 40, y + 5.5, BOX, BOX)}]})
    F.append({"id": "badge_number", "type": "digits", "required": True,
              "label": label("No. tanda pengenal pengunjung", "Visitor badge no.", 110, y),
              "cells": comb(110, y + 5, 3)})
    y += 13
    F.append({"id": "operator_name", "type": "text", "required": True, "charset": UPPER, "lang": "ind",
              "lexicon": "staff",
              "label": label("Nama petugas operator (HURUF KAPITAL)", "Operator name (BLOCK CAPITALS)", LEFT, y),
              "cells": comb(LEFT, y + 5, 30)})
    y += 13
    F.append({"id": "escort_name", "type": "text", "required": True, "charset": UPPER, "lang": "ind",
              "lexicon": "staff",
              "label": label("Nama pendamping (HURUF KAPITAL)", "Escort name (BLOCK CAPITALS)", LEFT, y),
              "cells": comb(LEFT, y + 5, 30)})
    y += 13
    F.append({"id": "entry_time", "type": "time", "required": True,
              "label": label("Jam masuk (JJ:MM)", "Entry time (HH:MM)", LEFT, y),
              "cells": comb(LEFT, y + 5, 4, [2, 2])})
    F.append({"id": "exit_time", "type": "time", "required": True,
              "label": label("Jam keluar (JJ:MM)", "Exit time (HH:MM)", 70, y),
              "cells": comb(70, y + 5, 4, [2, 2])})
    y += 13
    F.append({"id": "badge_returned", "type": "checkbox", "required": True,
              "label": label("Tanda pengenal pengunjung dikembalikan", "Visitor badge returned", LEFT + 7, y),
              "box": box(LEFT, y, BOX, BOX)})
    F.append({"id": "id_returned", "type": "checkbox", "required": True,
              "label": label("Identitas pengunjung dikembalikan", "Visitor's ID handed back", 110 + 7, y),
              "box": box(110, y, BOX, BOX)})
    y += 8
    F.append({"id": "visitor_signature", "type": "signature", "required": True,
              "label": label("Tanda tangan pengunjung", "Visitor signature", LEFT, y),
              "zone": box(LEFT, y + 5, 80, 18)})
    F.append({"id": "operator_signature", "type": "signature", "required": True,
              "label": label("Tanda tangan petugas operator", "Operator signature", 110, y),
              "zone": box(110, y + 5, 85, 18)})
    assert y + 5 + 18 < 280, y
    return t

def checklist():
    t = common("checklist", "CEKLIST PERANGKAT RUANG SERVER", "Server room device checklist", 2)
    F, T = t["fields"], t["texts"]
    y = 52
    T.append({"style": "section", "id": "DAFTAR PERANGKAT YANG DIBAWA (HURUF KAPITAL)", "en": "Devices brought in (BLOCK CAPITALS)", **box(LEFT, y, 180, 6)})
    cols = [("no", "No.", "No.", 8), ("name", "Nama perangkat", "Device", 40), ("model", "Merek / model", "Brand / model", 34),
            ("serial", "Nomor seri", "Serial number", 44), ("in", "Masuk", "In", 13), ("out", "Keluar", "Out", 13),
            ("remarks", "Keterangan", "Remarks", 28)]
    x, colx = LEFT, {}
    for c, a, b, w in cols:
        colx[c] = (x, w)
        x += w
    assert abs(x - RIGHT) < 0.01
    y = 61
    t["table"] = {"x_mm": LEFT, "y_mm": y, "header_h_mm": 9, "row_h_mm": 14, "rows": 8,
                  "columns": [{"key": c, "id": a, "en": b, "w_mm": w} for c, a, b, w in cols]}
    ry = y + 9
    for n in range(1, 9):
        def zone(c):
            cx, w = colx[c]
            return box(cx + 1, ry + 1.5, w - 2, 14 - 3)
        def tick(c):
            cx, w = colx[c]
            return box(cx + (w - BOX) / 2, ry + (14 - BOX) / 2, BOX, BOX)
        F.append({"id": f"device_{n}_name", "type": "text", "required": False, "lang": "ind", "row": n, "zone": zone("name")})
        F.append({"id": f"device_{n}_model", "type": "text", "required": False, "lang": "eng", "row": n, "zone": zone("model")})
        F.append({"id": f"device_{n}_serial", "type": "text", "required": False, "lang": "eng", "row": n,
                  "charset": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/", "zone": zone("serial")})
        F.append({"id": f"device_{n}_in", "type": "checkbox", "required": False, "row": n, "box": tick("in")})
        F.append({"id": f"device_{n}_out", "type": "checkbox", "required": False, "row": n, "box": tick("out")})
        F.append({"id": f"device_{n}_remarks", "type": "text", "required": False, "lang": "ind", "row": n, "zone": zone("remarks")})
        ry += 14
    y = ry + 12
    F.append({"id": "visitor_signature", "type": "signature", "required": True,
              "label": label("Tanda tangan pengunjung", "Visitor signature", LEFT, y),
              "zone": box(LEFT, y + 5, 80, 18)})
    F.append({"id": "operator_signature", "type": "signature", "required": True,
              "label": label("Tanda tangan petugas operator", "Operator signature", 110, y),
              "zone": box(110, y + 5, 85, 18)})
    return t

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "forms")
    for t in (access(), checklist()):
        with open(os.path.join(out, f"{t['form']}.v{t['version']}.json"), "w") as f:
            json.dump(t, f, indent=1, ensure_ascii=False)
            f.write("\n")
