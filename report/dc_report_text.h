/* dc_report_text: every label of the reports, one string table per language. */
#ifndef DC_REPORT_TEXT_H
#define DC_REPORT_TEXT_H

#include <stddef.h>

#include "dc_report.h"

/* X-macro: key, Indonesian, English. Strings with a % take printf arguments as noted. */
#define DC_REPORT_TEXTS(X) \
    X(T_CITY, "PEMERINTAH KOTA PONTIANAK", "PEMERINTAH KOTA PONTIANAK (CITY OF PONTIANAK)") \
    X(T_AGENCY, "DINAS KOMUNIKASI DAN INFORMATIKA", "DINAS KOMUNIKASI DAN INFORMATIKA (COMMUNICATION AND INFORMATICS OFFICE)") \
    X(T_SOP, "SOP 111/TKPBET.DKI/2020 — Prosedur Akses Ruang Data Center", "SOP 111/TKPBET.DKI/2020 — Data center room access procedure") \
    X(T_AUTHOR, "Dinas Komunikasi dan Informatika Kota Pontianak", "Dinas Komunikasi dan Informatika Kota Pontianak") \
    X(T_COMPANY, "Pemerintah Kota Pontianak", "Pemerintah Kota Pontianak") \
    X(T_TITLE_DAILY, "Laporan Harian Akses Ruang Server", "Daily Server Room Access Report") \
    X(T_TITLE_MONTHLY, "Laporan Bulanan Akses Ruang Server", "Monthly Server Room Access Report") \
    X(T_TITLE_AUDIT, "Laporan Audit Akses Ruang Server", "Server Room Access Audit Report") \
    X(T_PAGE_N_OF_M, "Halaman %d dari %d", "Page %d of %d") \
    X(T_GENERATED, "Dibuat", "Generated") \
    X(T_ARCHIVE, "Arsip", "Archive") \
    X(T_DATE, "Tanggal", "Date") \
    X(T_MONTH, "Bulan", "Month") \
    X(T_NO_VISITS_DAY, "Tidak ada kunjungan pada %s.", "No visits on %s.") \
    X(T_NO_VISITS_MONTH, "Tidak ada kunjungan pada bulan %s.", "No visits in %s.") \
    X(T_NONE, "Tidak ada.", "None.") \
    X(T_BLANK_BACKS, "Halaman kosong yang bukan formulir (sisi belakang lembar, dipindai dua sisi), dihitung, tidak dicantumkan: %s.", "Blank pages that are no form (backs of sheets scanned duplex), counted, not listed: %s.") \
    X(T_TEXT_CUT, " … [dan %zu karakter lagi; teks lengkap tersimpan di arsip]", " … [and %zu more characters; the whole text is kept in the archive]") \
    X(T_COL_NO, "No.", "No.") \
    X(T_COL_SERIAL, "Nomor seri", "Serial") \
    X(T_COL_NAME, "Nama", "Name") \
    X(T_COL_INSTITUTION, "Instansi", "Institution") \
    X(T_COL_ID_TYPE, "Jenis identitas", "ID type") \
    X(T_COL_ID_NUMBER, "No. identitas", "ID number") \
    X(T_COL_PHONE, "Telepon", "Phone") \
    X(T_COL_PURPOSE, "Tujuan", "Purpose") \
    X(T_COL_DECISION, "Keputusan", "Decision") \
    X(T_COL_ARRIVAL, "Datang", "Arrival") \
    X(T_COL_ENTRY, "Masuk", "Entry") \
    X(T_COL_EXIT, "Keluar", "Exit") \
    X(T_COL_DURATION, "Durasi (menit)", "Duration (min)") \
    X(T_COL_ESCORT, "Pendamping", "Escort") \
    X(T_COL_BADGE, "No. tanda pengunjung", "Badge") \
    X(T_COL_OPERATOR, "Petugas", "Operator") \
    X(T_COL_STATUS, "Status", "Status") \
    X(T_COL_FINDINGS, "Temuan", "Findings") \
    X(T_COL_DEVICES_IN, "Perangkat masuk", "Devices in") \
    X(T_COL_DEVICES_OUT, "Perangkat keluar", "Devices out") \
    X(T_COL_RULE, "Aturan", "Rule") \
    X(T_COL_RULE_ID, "Kode aturan", "Rule id") \
    X(T_COL_FIELD, "Isian", "Field") \
    X(T_COL_STEP, "Langkah SOP", "SOP step") \
    X(T_COL_STEP_ASKS, "Yang diminta SOP", "What the SOP asks") \
    X(T_COL_SEVERITY, "Tingkat", "Severity") \
    X(T_COL_MESSAGE, "Keterangan", "Message") \
    X(T_COL_VALUE_READ, "Nilai terbaca", "Value read") \
    X(T_COL_CONFIDENCE, "Keyakinan", "Confidence") \
    X(T_COL_FILE, "Berkas", "File") \
    X(T_COL_PAGE, "Halaman", "Page") \
    X(T_COL_REASON, "Alasan (bahasa Inggris)", "Reason") \
    X(T_COL_MEASURE, "Ukuran", "Measure") \
    X(T_COL_VALUE, "Nilai", "Value") \
    X(T_COL_COUNT, "Jumlah", "Count") \
    X(T_COL_HOUR, "Jam", "Hour") \
    X(T_COL_STATE, "Status isian", "State") \
    X(T_COL_OLD, "Nilai lama", "Old value") \
    X(T_COL_OLD_CONF, "Keyakinan nilai lama", "Old value's confidence") \
    X(T_COL_NEW, "Nilai baru", "New value") \
    X(T_COL_WHO, "Oleh", "By") \
    X(T_COL_WHEN, "Waktu (setempat)", "When (local time)") \
    X(T_COL_WHY, "Alasan", "Reason") \
    X(T_NO_REASON, "(tidak ada alasan)", "(no reason given)") \
    X(T_COL_FORM, "Formulir", "Form") \
    X(T_COL_SHA256, "SHA-256 berkas sumber", "Source file SHA-256") \
    X(T_COL_BATCH_DATE, "Tanggal batch", "Batch date") \
    X(T_COL_TEMPLATE_VERSION, "Versi formulir", "Form version") \
    X(T_STATUS_COMPLETE, "Lengkap", "Complete") \
    X(T_STATUS_REVIEW, "Perlu ditinjau", "Needs review") \
    X(T_STATUS_NO_ACCESS_FORM, "Tanpa formulir akses", "No access form") \
    X(T_STATUS_REFUSED_REVIEW, "Ditolak, perlu ditinjau", "Refused, needs review") \
    X(T_SEV_ERROR, "Kesalahan", "Error") \
    X(T_SEV_VIOLATION, "Pelanggaran", "Violation") \
    X(T_SEV_WARNING, "Peringatan", "Warning") \
    X(T_SHEET_VISITS, "Kunjungan", "Visits") \
    X(T_SHEET_OTHER_DATED, "Bertanggal lain", "Dated another day") \
    X(T_SHEET_FINDINGS, "Temuan", "Findings") \
    X(T_SHEET_REVIEW, "Perlu ditinjau", "Review") \
    X(T_SHEET_REJECTED, "Bukan kunjungan", "Not visits") \
    X(T_SHEET_SUMMARY, "Ringkasan", "Summary") \
    X(T_SHEET_PER_DAY, "Per hari", "Per day") \
    X(T_SHEET_PER_PURPOSE, "Per tujuan", "Per purpose") \
    X(T_SHEET_PER_HOUR, "Per jam", "Per hour") \
    X(T_SHEET_INSTITUTIONS, "Instansi", "Institutions") \
    X(T_SHEET_PER_RULE, "Temuan per aturan", "Findings per rule") \
    X(T_SHEET_PER_STEP, "Temuan per langkah", "Findings per step") \
    X(T_SHEET_RECORDS, "Rekaman", "Records") \
    X(T_SHEET_FIELDS, "Isian", "Fields") \
    X(T_SHEET_CORRECTIONS, "Koreksi", "Corrections") \
    X(T_SHEET_SOURCES, "Sumber", "Sources") \
    X(T_SHEET_LATE, "Koreksi rekaman bulan lain", "Corrections, other months") \
    X(T_SEC_LATE, "Koreksi bulan ini pada rekaman bulan lain", "Corrections made this month to records of other months") \
    X(T_LATE_NOTE, "Koreksi yang dibuat bulan ini pada kunjungan bulan lain: laporan audit bulan kunjungan itu, bila ditulis sebelumnya, belum memuatnya.", \
      "Corrections made this month to visits of other months: the audit report of the visit's month, if written before, does not show them.") \
    X(T_LATE_GROUP_NOTE, "Rekaman yang diperiksa ulang bersama (dengan aturan yang berlaku, atau tanggal tumpukan baru) ditulis satu baris per pemeriksaan; koreksi tiap rekaman ada di laporan audit bulan kunjungannya dan di lembar XLSX.", \
      "Records checked again together (with the rules in force, or a batch's new date) are one row per check; each record's correction is in the audit report of its visit's month and in the XLSX sheet.") \
    X(T_LATE_GROUP_SERIALS, "%zu rekaman, %s s.d. %s", "%zu records, %s to %s") \
    X(T_LATE_GROUP_DATES, "%s s.d. %s", "%s to %s") \
    X(T_COL_VISIT_DATE, "Tanggal kunjungan", "Visit date") \
    X(T_SEC_VISITS, "Kunjungan", "Visits") \
    X(T_SEC_OTHER_DATED, "Formulir tumpukan hari ini yang bertanggal lain", "Forms of this day's stack dated another day") \
    X(T_OTHER_DATED_NOTE, "Dipindai hari ini, tetapi tanggal kunjungannya hari lain (tanggal salah baca, atau formulir terlambat): kunjungan dihitung pada tanggalnya; temuannya ada di bawah.", \
      "Scanned today, but their visit date is another day (a date misread, or a form brought in late): the visit counts on its date; its findings are below.") \
    X(T_SEC_FINDINGS, "Temuan", "Findings") \
    X(T_FINDINGS_OTHER_DATED, " (+%s dari formulir bertanggal lain)", " (+%s of forms dated another day)") \
    X(T_SEC_REVIEW, "Isian yang perlu ditinjau", "Fields in review") \
    X(T_SEC_REJECTED, "Halaman yang bukan kunjungan (ditolak, ganda, formulir tidak terpakai)", "Pages that are no visit (rejected, duplicate, unused forms)") \
    X(T_SEC_SERIALS, "Nomor seri formulir akses yang dicetak", "Serial numbers of the access forms printed") \
    X(T_SHEET_SERIALS, "Nomor seri", "Serials") \
    X(T_PRINT_SET, "set (formulir akses dan ceklist perangkat)", "set (access form and device checklist)") \
    X(T_COL_PRINTED, "Dicetak", "Printed") \
    X(T_COL_FIRST_SERIAL, "Nomor seri pertama", "First serial") \
    X(T_COL_LAST_SERIAL, "Nomor seri terakhir", "Last serial") \
    X(T_COL_PRINT_FILE, "Berkas PDF", "PDF file") \
    X(T_COL_RUN_VISITS, "Kunjungan", "Visits") \
    X(T_COL_RUN_UNUSED, "Tidak terpakai", "Unused") \
    X(T_COL_RUN_OTHER, "Dipindai, lainnya", "Other pages") \
    X(T_COL_RUN_NOT_SCANNED, "Belum dipindai", "Not scanned") \
    X(T_COL_RUN_MISSING, "Belum dipindai, di bawah nomor yang sudah", "Not scanned, below one that was") \
    X(T_SERIALS_MISSING, "Cetakan %s s.d. %s: %ld nomor belum dipindai, padahal nomor yang lebih tinggi dari cetakan itu sudah: %s. Formulir dibagikan berurutan: cari lembarnya (rusak, hilang, atau kunjungan yang formulirnya belum dipindai).", \
      "Print %s to %s: %ld serial%s not scanned, though a higher one of the print was: %s. Forms are handed out in order: find these sheets (spoilt, lost, or a visit whose form did not reach the scan).") \
    X(T_SERIALS_REPRINT, "Cetakan %s s.d. %s adalah cetak ulang (--reprint) nomor seri yang sudah dicetak dalam cetakan %s s.d. %s: pengganti formulir kosong yang rusak, yang harus dimusnahkan. Nomor serinya juga dihitung pada cetakan itu.", \
      "Print %s to %s is a reprint (--reprint) of serials printed before, in print %s to %s: it replaces spoilt blank forms, which are to be destroyed. Its serials are counted in that print too.") \
    X(T_SERIALS_UNPRINTED, "Kunjungan bulan ini yang nomor serinya tidak tercatat dicetak di arsip ini (%ld): %s. Dicetak dengan arsip lain atau dcaccess lama, atau salinan: periksa lembarnya.", \
      "Visits of this month whose serial no print of this archive holds (%ld): %s. Printed with another archive or an older dcaccess, or a copy: check these sheets.") \
    X(T_SERIALS_CHECKLIST_ONLY, "Kunjungan bulan ini yang nomor serinya dicetak arsip ini hanya pada ceklist perangkat, tidak pada formulir akses (%ld): %s. Formulir aksesnya dicetak dengan arsip lain atau dcaccess lama, atau salinan: periksa lembarnya.", \
      "Visits of this month whose serial this archive printed only on device checklists, on no access form (%ld): %s. Their access form was printed with another archive or an older dcaccess, or is a copy: check these sheets.") \
    X(T_SERIALS_EARLY, "Kunjungan yang bertanggal sebelum formulirnya dicetak (%ld): %s. Tanggal kunjungan salah baca, atau formulir bukan dari cetakan itu (salinan, atau dari arsip lain): periksa lembarnya.", \
      "Visits dated before their form was printed (%ld): %s. A visit date misread, or a form not of that print (a copy, or another archive's): check these sheets.") \
    X(T_SERIALS_PRINTED_ON, "dicetak", "printed") \
    X(T_PRINT_SET_SHORT, "set", "set") \
    X(T_PRINT_ACCESS_ONLY, "akses saja", "access only") \
    X(T_SERIALS_NOT_KEPT, "Arsip ini tidak mencatat pencetakan formulir akses (dicetak dengan arsip lain atau dcaccess lama): nomor seri tidak dapat diperiksa.", \
      "This archive records no printing of access forms (they were printed with another archive or an older dcaccess): the serials cannot be accounted for.") \
    X(T_SERIALS_NOTE, "Cetakan yang dicetak bulan ini atau memuat nomor seri kunjungan bulan ini, dengan keadaan nomor serinya saat laporan ini ditulis. Kunjungan: formulir aksesnya menjadi rekaman (bulan apa pun). Formulir tidak terpakai: dipindai tanpa isian. Lainnya: ditolak (lihat halaman yang bukan kunjungan), atau ceklist perangkat yang formulir aksesnya tidak dipindai (rekaman dengan temuan access_form_missing). Catatan cetakan termasuk rantai hash sejak skema arsip 12 (cetakan sebelumnya tidak).", \
      "The prints made this month or holding a serial of its visits, their serials as the archive holds them when this report is written. Visits: its access form made a record (of any month). Unused: scanned with nothing written. Other pages: rejected (see the pages that are no visit), or a device checklist whose access form was not scanned (a record with the finding access_form_missing). The print records are in the hash chain from archive schema 12 on (earlier prints are not).") \
    X(T_SEC_SUMMARY, "Ringkasan", "Summary") \
    X(T_SEC_INSTITUTIONS, "10 instansi dengan kunjungan terbanyak", "Top 10 institutions by visits") \
    X(T_OTHER_INSTITUTIONS, "Lainnya (%ld instansi)", "Others (%ld institution%s)") \
    X(T_SEC_PER_RULE, "Temuan per aturan", "Findings per rule") \
    X(T_SEC_PER_STEP, "Temuan per langkah SOP", "Findings per SOP step") \
    X(T_SEC_CHAIN, "Pemeriksaan rantai hash arsip", "Archive hash chain check") \
    X(T_SEC_RECORD, "Rekaman", "Record") \
    X(T_SEC_FIELDS, "Isian", "Fields") \
    X(T_SEC_SOURCE, "Halaman sumber", "Source page") \
    X(T_M_VISITS, "Jumlah kunjungan", "Total visits") \
    X(T_M_UNIQUE, "Pengunjung unik (berdasarkan nomor identitas)", "Unique visitors (by ID number)") \
    X(T_M_UNIDENTIFIED, "Kunjungan tanpa nomor identitas terbaca", "Visits with no ID number read") \
    X(T_M_UNDECIDED, "Rekaman belum pasti (ditinjau, belum ada temuan; tidak dihitung dalam tingkat kepatuhan)", \
      "Records not yet decided (in review, no finding yet; left out of the compliance rate)") \
    X(T_M_RULES, "Aturan yang berlaku untuk laporan ini", "Rules in force for this report") \
    X(T_M_RULES_SOP, "bawaan SOP", "SOP defaults") \
    X(T_M_RULES_ENGINE, "%s (mesin aturan %d)", "%s (rules engine %d)") \
    X(T_M_OTHER_RULES, "Rekaman diperiksa dengan aturan lain, versi dcaccess lain, atau aturan tidak tercatat (periksa ulang: dcaccess recheck)", \
      "Records checked with other rules, another dcaccess version, or rules not recorded (check them again: dcaccess recheck)") \
    X(T_M_GRANTED, "Akses diizinkan", "Access granted") \
    X(T_M_REFUSED, "Permintaan ditolak", "Refused requests") \
    X(T_M_NO_DECISION, "Tanpa keputusan (tidak dicentang, keduanya dicentang, atau belum terbaca)", \
      "No decision (neither or both ticked, or not read yet)") \
    X(T_M_DUR_N, "Kunjungan dengan durasi tercatat", "Visits with a recorded duration") \
    X(T_M_DUR_MEAN, "Durasi rata-rata (menit)", "Mean duration (min)") \
    X(T_M_DUR_MEDIAN, "Durasi median (menit)", "Median duration (min)") \
    X(T_M_DUR_MAX, "Durasi terlama (menit)", "Longest duration (min)") \
    X(T_M_OVER_LIMIT, "Kunjungan melebihi %d menit", "Visits over %d min") \
    X(T_M_WITH_FINDINGS, "Rekaman dengan temuan", "Records with findings") \
    X(T_M_COMPLIANCE, "Tingkat kepatuhan (tanpa temuan; yang belum pasti tidak dihitung)", \
      "Compliance rate (no findings; records not yet decided left out)") \
    X(T_M_DEV_IN, "Perangkat dibawa masuk", "Devices brought in") \
    X(T_M_DEV_OUT, "Perangkat dibawa keluar", "Devices taken out") \
    X(T_M_PENDING, "Rekaman menunggu tinjauan", "Records pending review") \
    X(T_M_PENDING_FIELDS, "Isian menunggu tinjauan", "Fields pending review") \
    X(T_CHART_PER_DAY, "Kunjungan per hari", "Visits per day") \
    X(T_CHART_PER_PURPOSE, "Kunjungan per tujuan", "Visits per purpose") \
    X(T_CHART_PER_HOUR, "Kunjungan per jam masuk", "Visits per hour of entry") \
    X(T_NO_ENTRY_TIME, "Kunjungan tanpa jam masuk (ditolak, atau jamnya belum terbaca), tidak ada dalam grafik per jam: %ld.", \
      "Visits without an entry time (refused, or the time not read yet), not in the chart per hour: %ld.") \
    X(T_NO_INSTITUTION, "Kunjungan tanpa instansi terbaca (belum ditinjau, tidak diisi, atau hanya ceklist perangkat), tidak ada dalam daftar: %ld.", \
      "Visits with no institution read (in review, left blank, or the device checklist alone), not in the list: %ld.") \
    X(T_AXIS_DAY, "Tanggal", "Day") \
    X(T_AXIS_HOUR, "Jam", "Hour") \
    X(T_AXIS_VISITS, "Kunjungan", "Visits") \
    X(T_SIGN_PLACE_DATE, "Pontianak, %s", "Pontianak, %s") \
    X(T_SIGN_ACK, "Mengetahui,", "Acknowledged by,") \
    X(T_SIGN_TITLE, "Kepala Seksi Jaringan dan Data Center", "Kepala Seksi Jaringan dan Data Center (Head of Network and Data Center Section)") \
    X(T_SIGN_NIP, "NIP.", "NIP.") \
    X(T_CHAIN_OK, "UTUH: rantai hash dan semua berkas sumber catatan cocok; tidak ada yang diubah atau dihapus.", "INTACT: the hash chain and every source file of the records verify; nothing was altered or deleted.") \
    X(T_CHAIN_FAILED, "GAGAL: %zu masalah ditemukan.", "FAILED: %zu problem%s found.") \
    X(T_CHAIN_NOT_CHECKED, "Tidak diperiksa.", "Not checked.") \
    X(T_CHAIN_WARNING, "PERINGATAN: arsip tidak lolos verifikasi (%ld masalah): laporan ini bisa memuat nilai yang diubah di luar dcaccess. Jalankan dcaccess verify, dan pulihkan arsip dari cadangan.", \
      "WARNING: the archive does not verify (%ld problem%s): this report may show values altered outside dcaccess. Run dcaccess verify, and restore the archive from a backup.") \
    X(T_SOURCES_WARNING, "PERINGATAN: %ld berkas pindaian tidak ada di tempat dipindai: nilai dalam laporan ini tidak dapat dicocokkan dengan pindaiannya. Tulis laporan ini lagi dengan --scans FOLDER tempat berkas itu sekarang, atau kembalikan berkasnya.", \
      "WARNING: %ld scan file%s not where %s scanned: the values in this report cannot be checked against the scans. Write this report again with --scans DIR where they are now, or put the files back.") \
    X(T_SHEET_WARNING, "PERINGATAN", "WARNING") \
    X(T_UNFINISHED_WARNING, "PERINGATAN: %ld batch pemindaian tidak selesai atau masih berjalan: kunjungan yang belum tersimpan tidak ada dalam laporan ini. Pindai ulang berkas yang sama, lalu tulis laporan ini lagi.", \
      "WARNING: %ld scan batch%s did not finish or %s still running: visits not stored yet are not in this report. Scan the same files again, then write this report again.") \
    /* verify words its problems in English (parse/): the Indonesian audit says so above them */ \
    X(T_CHAIN_PROBLEMS_NOTE, "Rincian masalah, dalam bahasa Inggris seperti ditulis dcaccess verify:", "") \
    X(T_CHAIN_ENTRIES, "Entri rantai", "Chain entries") \
    X(T_CHAIN_RECORDS, "Rekaman (seluruh arsip)", "Records (whole archive)") \
    X(T_CHAIN_CORRECTIONS, "Koreksi (seluruh arsip)", "Corrections (whole archive)") \
    X(T_CHAIN_FILES, "Berkas sumber catatan", "Source files of the records") \
    X(T_CHAIN_HEAD, "Hash terakhir", "Head hash") \
    X(T_CHAIN_RESULT, "Masalah (bahasa Inggris)", "Result") /* a row per problem verify found */ \
    X(T_RECORDS_IN_REPORT, "Rekaman dalam laporan", "Records in this report") \
    X(T_ACCEPTED_CORRECTED, "Diterima pemindai, lalu dikoreksi petugas", "Accepted by the scan, corrected later by a person") \
    X(T_ACCEPTED_CORRECTED_OF, "%zu dari %zu nilai yang diterima (%s%%)", "%zu of %zu accepted values (%s%%)") \
    X(T_EMPTY_FILLED, "%sisian terbaca kosong, diisi petugas kemudian: %zu", "%sfields read as empty, filled in later by a person: %zu") \
    X(T_REVIEW_SET, "%sisian yang diserahkan pemindai untuk ditinjau, lalu ditetapkan petugas: %zu", \
      "%sfields the scan left in review, then set by a person: %zu") \
    X(T_NO_THUMB, "(tidak ada gambar)", "(no image)") \
    X(T_STATE_EMPTY, "kosong", "empty") \
    X(T_STATE_ACCEPTED, "diterima", "accepted") \
    X(T_STATE_REVIEW, "ditinjau", "in review") \
    X(T_CELL_IN_REVIEW, "(ditinjau)", "(in review)") \
    X(T_CONFIRMED_EMPTY, "Kosong (dikonfirmasi)", "Empty (confirmed)") \
    X(T_NOT_FILLED_IN, "Tidak diisi", "Not filled in") \
    X(T_BEFORE_REVIEW, " (sebelum ditinjau: temuan dari %ld rekaman yang ditinjau dapat berubah)", \
      " (before review: those of the %ld record%s in review may change)") \
    X(T_STATE_CORRECTED, "dikoreksi", "corrected") \
    X(T_STATE_CONFIRMED, "dikonfirmasi", "confirmed") \
    X(T_COL_BASIS, "Dasar penerimaan", "Accepted because") \
    X(T_BASIS_READING, "bacaan yakin", "sure reading") \
    X(T_BASIS_BATCH_DATE, "tanggal batch", "batch date") \
    X(T_BASIS_CHECKED_BEFORE, "sudah diperiksa", "checked before") \
    X(T_BASIS_ROSTER, "daftar staf", "staff roster") \
    X(T_BASIS_SAME_VISITOR, "pengunjung sama (ID)", "same visitor (ID)") \
    X(T_BASIS_LETTERS, "dibaca dua kali (huruf)", "read twice (letters)") \
    X(T_BASIS_UNRECORDED, "tidak tercatat", "not recorded") \
    X(T_BASIS_AS_READ, "semula: ", "as read: ") \
    X(T_READ_AS, "terbaca", "read") \
    X(T_CONFIRMED, "tidak berubah (dikonfirmasi)", "unchanged (confirmed)") \
    X(T_SHEET_TAKEN, "Dari kunjungan lalu", "From earlier visits") \
    X(T_SEC_TAKEN, "Diambil dari kunjungan sebelumnya", "Taken from an earlier visit") \
    X(T_TAKEN_NOTE, "Nama dan instansi yang terbaca mirip dengan yang sudah diperiksa untuk nomor identitas yang sama pada formulir sebelumnya, dan dicatat seperti itu. Periksa ejaannya pada kertas bila perlu.", \
      "Names and institutions read close to the value checked for the same ID number on an earlier form, and recorded as that value. Check the spelling on the paper if it matters.") \
    X(T_COL_RECORDED, "Nilai dicatat", "Value recorded") \
    X(T_DEVICE_ROW_OF, "baris", "row") \
    X(T_FIELD_BATCH_DATE, "Tanggal batch", "Batch date") \
    X(T_FIELD_RULES, "Aturan pemeriksaan", "Rules checked with") \
    X(T_DEVICE_ROWS, "Baris perangkat", "Device rows") \
    X(T_DEVICE_ROW, "Baris perangkat", "Device row") \
    X(T_DEVICE_ROWS_UNUSED, "tidak ada tulisan, tidak ada kotak dicentang (%zu isian)", \
      "nothing written, no box ticked (%zu fields)")

typedef enum dc_text {
#define DC_TEXT_ENUM(key, id, en) key,
    DC_REPORT_TEXTS(DC_TEXT_ENUM)
#undef DC_TEXT_ENUM
    T__COUNT
} dc_text;

/* The label `key` in `lang` (static, never NULL). */
const char *dc_report_text(dc_report_lang lang, dc_text key);
/* Rule name for a rule id ("over_time_limit" -> "Kunjungan melebihi batas waktu"); an unknown id
 * is returned as is. */
const char *dc_report_rule_label(dc_report_lang lang, const char *rule);
/* What the SOP asks at step `step` (a finding's sop_step: "5", "2-4"), in short (static); "" for a
 * step the SOP has not (a rules file's own) or NULL. */
const char *dc_report_sop_step_label(dc_report_lang lang, const char *step);
/* Purpose choice value -> label; NULL -> "unknown" label; unknown value returned as is. Several
 * ticked ("maintenance+hosting", as stored) -> each one's label joined by " + ", in a buffer of
 * the calling thread that the fourth next such label reuses (this and the next one). */
const char *dc_report_purpose_label(dc_report_lang lang, const char *purpose);
/* A visit's purpose as its row shows it: dc_report_purpose_label's; with none, "Kosong
 * (dikonfirmasi)" / "Empty (confirmed)" for one a person set empty, "(ditinjau)" / "(in review)"
 * for a reading that waits for review (as the name cells say), else "Tidak diisi" / "Not filled
 * in" (left blank on the paper). Static, or the buffers of dc_report_purpose_label. */
const char *dc_report_visit_purpose_label(dc_report_lang lang, const dc_report_visit *v);
/* decision / id_type / severity / field state values -> label (unknown returned as is, NULL -> ""). */
const char *dc_report_decision_label(dc_report_lang lang, const char *decision);
/* A visit's status as the reports show it: no access form (only its device checklist was scanned),
 * needs review, or complete. */
const char *dc_report_status_label(dc_report_lang lang, const dc_report_visit *v);
/* A visit's status in a PDF (the daily report's visit tables, the audit's record facts): a
 * refused request says so, and that it needs review when it does (it said only "Refused", hiding
 * fields in review); others as dc_report_status_label. "Complete" means only that no field waits
 * for review, and read beside a refused request as a visit made and ended. The workbooks keep
 * dc_report_status_label, beside their decision column, to filter by. */
const char *dc_report_status_or_refused_label(dc_report_lang lang, const dc_report_visit *v);
/* A visit's name or institution as a table shows it: the value, "(ditinjau)"/"(in review)" when
 * its reading waits for review, "" when nothing was written. */
const char *dc_report_name_cell(dc_report_lang lang, const char *value, bool in_review);
/* A page's status in the report's language ("rejected" -> "ditolak"); another string as it is. */
const char *dc_report_page_status_label(dc_report_lang lang, const char *status);
/* The warning a report carries when n scan batches did not finish or run still, into buf. */
void dc_report_unfinished_text(char *buf, size_t len, dc_report_lang lang, long n);
/* The monthly report's rules in force: "SOP defaults (rules engine 2)" / "bawaan SOP (mesin aturan
 * 2)", the rules file's words otherwise; "–" when not given; without the engine when it is 0. */
void dc_report_rules_text(char *buf, size_t len, dc_report_lang lang, const dc_report_monthly *m);
/* What a findings total says beside it while n records of its period wait for review (the rules
 * that read a field in review wait for it, so the total may change): " (before review: those of
 * the 2 records in review may change)", into buf; "" when n is 0. */
void dc_report_before_review_text(char *buf, size_t len, dc_report_lang lang, long n);
/* The row after the top 10 institutions: "Others (2 institutions)" / "Lainnya (2 instansi)". */
void dc_report_other_institutions_text(char *buf, size_t len, dc_report_lang lang, long n);
/* The warning a report carries when the archive does not verify (meta->chain_problems > 0), into
 * buf: that scan files are missing when that is all, else that values may have been altered. */
void dc_report_chain_warning_text(char *buf, size_t len, dc_report_lang lang, const dc_report_meta *meta);
const char *dc_report_id_type_label(dc_report_lang lang, const char *id_type);
/* A field's value (`field` its id: "decision", "device_1_in", ...) as a report shows it: a choice
 * as the label of its option, as the visit tables show it (dc_record_option_label: "granted" ->
 * "Diizinkan" / "Granted", "ktp" -> "KTP" / "ID card (KTP)", "yes" -> "Ya" / "Yes",
 * "maintenance+hosting" each one's), a tick box as "dicentang" /
 * "ticked", "tidak dicentang" / "not ticked" and a signature as "ada" / "present", "tidak ada" /
 * "absent" (stored "true" / "false"; told by the field, dc_record_field_is_tick, so that a remark
 * written "true" stays "true"), anything else as stored. NULL -> NULL. Static, or a buffer of the
 * calling thread as dc_report_purpose_label's. */
const char *dc_report_field_value_label(dc_report_lang lang, const char *field, const char *value);
/* A form's name, "access" / "checklist" as stored, as a report names it: "formulir akses" /
 * "ceklist perangkat" (the words of the forms' titles) in Indonesian, "access form" / "device
 * checklist" in English; another form as stored. NULL -> "". */
const char *dc_report_form_label(dc_report_lang lang, const char *form);
/* A page's reason (why the scan rejected it, or took it as a duplicate) as the reports show it.
 * The scan words its reasons once, in English, and names a form there by its code ("(form access
 * serial 000107 page 1)", "registration marks of checklist v1 not found"); the reports name it as
 * the English reports do, "access form" / "device checklist" ("(access form serial 000107 page
 * 1)"), in the Indonesian reports too, whose column says the reason is in English. The rest is as
 * stored. Returns a new string (caller frees); NULL for NULL, or out of memory. */
char *dc_report_page_reason(const char *reason);
const char *dc_report_severity_label(dc_report_lang lang, const char *severity);
const char *dc_report_state_label(dc_report_lang lang, const char *state);
/* Why the scanner accepted a field (fields.basis: NULL, "reading", "batch_date", ...), for a field in
 * `state`, into buf: "" for a field it did not accept, "not recorded" for one accepted by a scan
 * before schema 3, and for a corrected field the basis of the value as read ("as read: ..."). */
const char *dc_report_basis_label(char *buf, size_t len, dc_report_lang lang, const char *state,
                                  const char *basis);
/* Month name, 1..12 ("November"; "Mei" / "May"). */
const char *dc_report_month_name(dc_report_lang lang, int month);
/* "2 November 2026" from "2026-11-02", "November 2026" from "2026-11"; other text copied. */
void dc_report_format_period(char *buf, size_t len, dc_report_lang lang, const char *period);
/* A date in a table of a PDF: "04-11-2026" from "2026-11-04" in Indonesian (day, month, year, as
 * the forms ask for it: the headers' "4 November 2026" is too wide for a column), as stored in
 * English; other text (a date not read, "–") copied. Into buf. */
void dc_report_table_date(char *buf, size_t len, dc_report_lang lang, const char *iso);
/* `v` with `decimals` digits after the decimal mark the language writes: "46.8" in English,
 * "46,8" in Indonesian (a point there separates thousands). Into buf. */
void dc_report_decimal(char *buf, size_t len, dc_report_lang lang, double v, int decimals);
/* The line under the pages that are no visit saying how many blank backs of sheets there were
 * (T_BLANK_BACKS), for the PDF and the XLSX alike; "" when there were none. Into buf. */
void dc_report_blank_backs_text(char *buf, size_t len, dc_report_lang lang, long n);
/* The lines under the audit's print runs: for each run with serials not scanned below a higher
 * one (T_SERIALS_MISSING, the serials as "000012, 000015-000017") and for each reprint of serials
 * printed before (T_SERIALS_REPRINT), then the month's visits whose serial no run holds
 * (T_SERIALS_UNPRINTED), only runs of checklists hold (T_SERIALS_CHECKLIST_ONLY), and those dated
 * before their form was printed (T_SERIALS_EARLY), or
 * T_SERIALS_NOT_KEPT when the archive keeps no print. *out: a new array of *n new strings (dc_report_lines_free); DC_ERR_NOMEM. */
struct dc_report_audit;
int dc_report_serials_lines(char ***out, size_t *n, dc_report_lang lang, const struct dc_report_audit *m);
void dc_report_lines_free(char **lines, size_t n);
/* Number of UTF-8 characters in s. */
size_t dc_report_chars(const char *s);
/* s cut to at most `max` characters (max >= 100): unchanged when it fits, else its start and
 * T_TEXT_CUT (how many characters are left out, and that the archive keeps them all). A report
 * shows what a person typed (a correction's reason, say) however long it is, within what a
 * spreadsheet cell or a page can hold. Returns a new string (caller frees) or NULL (no memory). */
char *dc_report_cut_text(dc_report_lang lang, const char *s, size_t max);
/* "29 November 2026 10:52" in local time. */
void dc_report_format_time(char *buf, size_t len, dc_report_lang lang, time_t t);
/* An archive time stamp ("2026-11-30T18:23:45Z", UTC as stored) in local time (the TZ of the
 * process; the data center's machines are on WIB): true and *out filled, or false for text that is
 * no such stamp, or names no real day and time ("2026-11-31T..."), which a report shows as stored. The reports show correction times this way, and count a correction in the month
 * of its local date. */
bool dc_report_local_stamp(const char *utc, struct tm *out);
/* An archive time stamp as the reports show it, in local time with its zone: "2026-12-01 01:23 WIB"
 * ("01-12-2026 01:23 WIB" in Indonesian, as dc_report_table_date; "... UTC" when the zone is UTC);
 * other text (no such stamp) as stored, NULL as "?". The CLI shows the scan batches' times so. */
void dc_report_format_stamp(char *buf, size_t len, dc_report_lang lang, const char *at);

#endif
