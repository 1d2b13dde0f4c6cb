"""Server layer: the catalog of citizen-facing API messages (Indonesian first, English second)."""

from starlette.requests import Request

LANGUAGES = ("id", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # general
    "validation": ("Periksa kembali isian Anda.", "Please check what you entered."),
    "bad_request": ("Permintaan tidak dapat diproses.", "The request could not be processed."),
    "unauthorized": (
        "Sesi Anda telah berakhir. Silakan masuk kembali.",
        "Your session has ended. Please log in again.",
    ),
    "forbidden": ("Anda tidak berhak melakukan ini.", "You are not allowed to do this."),
    "not_found": ("Data tidak ditemukan.", "Not found."),
    "method_not_allowed": ("Metode tidak didukung.", "Method not allowed."),
    "conflict": ("Data bertabrakan dengan perubahan lain.", "This conflicts with another change."),
    "too_large": ("Data terlalu besar.", "The request is too large."),
    "unsupported_media": ("Format data tidak didukung.", "Unsupported content type."),
    # an unexpected error is a fault on our side: retrying the same request rarely helps
    "internal": (
        "Terjadi kesalahan pada server. Data Anda tidak berubah. Jika terus terjadi, hubungi MPP.",
        "Something went wrong on the server. Nothing was changed. If it keeps happening, "
        "contact the MPP.",
    ),
    "internal_after_save": (
        "Terjadi kesalahan pada server setelah sebagian data disimpan. Muat ulang untuk melihat "
        "apa yang tersimpan sebelum mengirim lagi. Jika terus terjadi, hubungi MPP.",
        "Something went wrong on the server after part of the data was saved. Reload to see "
        "what was saved before sending again. If it keeps happening, contact the MPP.",
    ),
    "unavailable": (
        "Layanan sedang sibuk. Silakan coba lagi sebentar lagi.",
        "The service is busy. Please try again shortly.",
    ),
    # accounts
    "invalid_credentials": (
        "NIK/nama pengguna atau kata sandi salah.",
        "Wrong NIK/username or password.",
    ),
    "too_many_attempts": (
        "Terlalu banyak percobaan masuk. Coba lagi dalam {minutes} menit.",
        "Too many login attempts. Try again in {minutes} minutes.",
    ),
    "nik_taken": (
        "NIK ini sudah terdaftar. Silakan masuk, atau hubungi petugas jika bukan Anda.",
        "This NIK is already registered. Log in, or contact an officer if it was not you.",
    ),
    "account_disabled": ("Akun ini dinonaktifkan.", "This account is disabled."),
    "account_pending_deletion": (
        "Akun ini dijadwalkan dihapus pada {date_id}. Untuk membatalkan penghapusan, pilih "
        '"Batalkan penghapusan" lalu masuk dengan kata sandi yang sama, atau datang ke MPP '
        "dengan membawa KTP.",
        "This account is scheduled for deletion on {date_en}. To cancel the deletion, choose "
        '"Cancel deletion" and log in with the same password, or visit an MPP with your KTP.',
    ),
    "no_pending_deletion": (
        "Akun ini tidak sedang menunggu penghapusan. Silakan masuk seperti biasa.",
        "This account is not waiting for deletion. Just log in.",
    ),
    "password_wrong": ("Kata sandi salah.", "Wrong password."),
    "password_unchanged": (
        "Kata sandi baru harus berbeda dari kata sandi sekarang.",
        "The new password must differ from the current one.",
    ),
    # field rules
    "missing": ("Wajib diisi.", "Required."),
    "invalid": ("Isian tidak valid.", "Invalid value."),
    "too_long": ("Isian terlalu panjang.", "Too long."),
    "invalid_date": ("Tanggal tidak valid (format TTTT-BB-HH).", "Invalid date (YYYY-MM-DD)."),
    "invalid_choice": ("Pilihan tidak dikenal.", "Unknown choice."),
    "unexpected_field": ("Isian ini tidak dikenal.", "Unknown field."),
    "json_invalid": ("Format data tidak valid.", "Malformed data."),
    "text_control": (
        "Isian berisi karakter kontrol yang tidak diizinkan.",
        "Contains control characters that are not allowed.",
    ),
    "nik_format": ("NIK harus 16 angka.", "A NIK has exactly 16 digits."),
    "nik_date": (
        "Tanggal lahir dalam NIK tidak valid.",
        "The birth date inside the NIK is not a real date.",
    ),
    "nik_district": (
        "Kode wilayah (6 angka pertama) NIK tidak dikenal.",
        "The NIK's region code (first 6 digits) is unknown.",
    ),
    "nik_serial": ("Nomor urut NIK tidak valid.", "The NIK's serial number is invalid."),
    "nik_birth_date_mismatch": (
        "Tanggal lahir tidak sesuai dengan NIK.",
        "The birth date does not match the NIK.",
    ),
    "nik_sex_mismatch": (
        "Jenis kelamin tidak sesuai dengan NIK.",
        "The sex does not match the NIK.",
    ),
    "phone_format": (
        "Nomor HP harus nomor Indonesia, mis. 081234567890.",
        "Use an Indonesian mobile number, e.g. 081234567890.",
    ),
    "name_format": (
        "Nama hanya boleh huruf, spasi, titik, koma, apostrof dan tanda hubung (2–100 karakter).",
        "Names may contain letters, spaces, . , ' and - only (2–100 characters).",
    ),
    "password_short": ("Kata sandi minimal 8 karakter.", "Passwords need at least 8 characters."),
    "password_long": ("Kata sandi terlalu panjang.", "The password is too long."),
    "password_weak": (
        "Kata sandi harus berisi huruf dan angka.",
        "Use both letters and digits in the password.",
    ),
    "birth_date_range": (
        "Tanggal lahir tidak masuk akal.",
        "The birth date is out of range.",
    ),
    # document wallet
    "document_empty": ("Berkas kosong. Pilih berkas lain.", "The file is empty. Choose another."),
    "document_too_large": (
        "Berkas terlalu besar (maksimal {limit} MB). Kecilkan foto atau pindai ulang.",
        "The file is too large (at most {limit} MB). Shrink the photo or scan it again.",
    ),
    "document_type_unsupported": (
        "Jenis berkas tidak didukung. Unggah foto JPEG/PNG atau PDF.",
        "Unsupported file type. Upload a JPEG/PNG photo or a PDF.",
    ),
    "image_too_many_pixels": (
        "Resolusi gambar terlalu besar (maksimal {limit} megapiksel).",
        "The image resolution is too large (at most {limit} megapixels).",
    ),
    "image_corrupt": (
        "Gambar rusak atau tidak lengkap. Ambil foto ulang.",
        "The image is damaged or incomplete. Take the photo again.",
    ),
    "pdf_invalid": (
        "PDF rusak atau tidak lengkap. Simpan ulang lalu unggah lagi.",
        "The PDF is damaged or incomplete. Save it again and re-upload.",
    ),
    "pdf_encrypted": (
        "PDF dikunci kata sandi. Unggah PDF tanpa kata sandi.",
        "The PDF is password-protected. Upload it without a password.",
    ),
    "pdf_too_many_pages": (
        "PDF terlalu banyak halaman (maksimal {limit}).",
        "The PDF has too many pages (at most {limit}).",
    ),
    "pdf_active_content": (
        "PDF berisi skrip, perintah menjalankan program, atau lampiran. Unggah PDF biasa.",
        "The PDF contains scripts, launch actions or attachments. Upload a plain PDF.",
    ),
    "idempotency_key_reused": (
        "Kunci pengiriman ini sudah dipakai untuk data lain.",
        "This Idempotency-Key was already used for a different request.",
    ),
    "idempotency_in_progress": (
        "Pengiriman yang sama sedang diproses. Coba lagi sebentar.",
        "The same request is still being processed. Try again shortly.",
    ),
    "purpose_not_allowed": (
        "Tujuan akses ini tidak mengizinkan membuka dokumen.",
        "This access purpose does not allow opening documents.",
    ),
    # profile (issue 3)
    "region_format": ("Kode wilayah tidak valid.", "Invalid region code."),
    "region_unknown": (
        "Wilayah tidak dikenal. Pilih provinsi, kabupaten/kota dan kecamatan dari daftar.",
        "Unknown region. Pick the province, regency/city and district from the list.",
    ),
    "region_mismatch": (
        "Provinsi, kabupaten/kota dan kecamatan tidak cocok satu sama lain.",
        "The province, regency/city and district do not belong together.",
    ),
    "rt_rw_format": ("RT/RW harus 1–3 angka, mis. 003.", "RT/RW must be 1–3 digits, e.g. 003."),
    "postcode_format": ("Kode pos harus 5 angka.", "A postcode has exactly 5 digits."),
    "kk_format": ("Nomor KK harus 16 angka.", "A family card (KK) number has 16 digits."),
    "kk_district": (
        "Kode wilayah (6 angka pertama) nomor KK tidak dikenal.",
        "The KK number's region code (first 6 digits) is unknown.",
    ),
    "email_format": ("Alamat email tidak valid.", "Invalid email address."),
    "text_format": ("Isian berisi karakter yang tidak diizinkan.", "Contains invalid characters."),
    "nik_locked": (
        "NIK sudah diverifikasi petugas dan tidak dapat diubah. Hubungi MPP bila ada kesalahan.",
        "The NIK was verified by an officer and cannot be changed. Contact the MPP to fix it.",
    ),
    "if_match_invalid": (
        "Penanda versi (If-Match) tidak valid. Muat ulang lalu coba lagi.",
        "The If-Match header is not a version this server gave out. Reload and try again.",
    ),
    "if_match_required": (
        "Aplikasi harus mengirim versi yang sedang dilihat (If-Match). Muat ulang lalu coba lagi.",
        "An If-Match header with the version you saw is required. Reload and try again.",
    ),
    "precondition_failed": (
        "Data telah diubah di perangkat lain. Muat ulang lalu coba lagi.",
        "The data was changed elsewhere. Reload and try again.",
    ),
    "family_limit": (
        "Maksimal {limit} anggota keluarga.",
        "At most {limit} family members.",
    ),
    "family_duplicate": (
        "Anggota keluarga dengan NIK ini sudah ada.",
        "A family member with this NIK exists already.",
    ),
    "family_self": (
        "NIK ini adalah NIK Anda sendiri.",
        "This is your own NIK.",
    ),
    "purpose_forbidden": (
        "Peran Anda tidak boleh membuka data warga untuk keperluan ini.",
        "Your role may not open citizen data for this purpose.",
    ),
    # identity tokens (Kode QR Saya, officer credential)
    "token_malformed": (
        "Kode QR tidak dikenali sebagai Kode QR SatuPintu.",
        "This QR code is not a SatuPintu code.",
    ),
    "token_tampered": (
        "Kode QR tidak sah: isinya telah diubah.",
        "Invalid QR code: its content was altered.",
    ),
    "token_expired": (
        "Kode QR sudah kedaluwarsa. Minta warga membuka ulang Kode QR Saya.",
        "The QR code has expired. Ask the person to reopen their QR code.",
    ),
    "token_not_yet_valid": (
        "Kode QR belum berlaku. Periksa jam dan tanggal perangkat.",
        "The QR code is not valid yet. Check the device's date and time.",
    ),
    "token_unknown_key": (
        "Kode QR ditandatangani dengan kunci yang tidak dikenal.",
        "The QR code was signed with an unknown key.",
    ),
    "token_wrong_kind": (
        "Jenis Kode QR salah (kode petugas, bukan kode warga, atau sebaliknya).",
        "Wrong kind of QR code (an officer's code instead of a citizen's, or the reverse).",
    ),
    "token_used": (
        "Kode QR ini sudah dipakai. Minta warga menampilkan kode yang baru.",
        "This QR code was already used. Ask the person to show a fresh one.",
    ),
    "photo_document_invalid": (
        "Foto profil harus salah satu foto di Dokumen Saya.",
        "The profile photo must be one of the photos in your documents.",
    ),
    # applications (issue 4)
    "idempotency_key_required": (
        "Aplikasi harus mengirim kunci pengiriman (Idempotency-Key). Perbarui aplikasi Anda.",
        "An Idempotency-Key header is required. Please update the app.",
    ),
    "form_outdated": (
        "Formulir layanan ini baru saja diperbarui. Buka lagi layanannya; isian Anda tersimpan.",
        "This service's form was just updated. Open the service again; your answers are kept.",
    ),
    "form_required": ("Wajib diisi.", "Required."),
    "form_unknown_field": ("Isian ini tidak ada di formulir.", "Not a field of this form."),
    "form_type": ("Jenis isian tidak sesuai.", "Wrong kind of value."),
    "form_text": ("Isian berisi karakter yang tidak diizinkan.", "Contains invalid characters."),
    "form_too_short": ("Isian terlalu pendek.", "Too short."),
    "form_too_long": ("Isian terlalu panjang.", "Too long."),
    "form_pattern": ("Format isian tidak sesuai.", "Wrong format."),
    "form_number": ("Isi dengan angka.", "Enter a number."),
    "form_too_small": ("Angka terlalu kecil.", "The number is too small."),
    "form_too_large": ("Angka terlalu besar.", "The number is too large."),
    "form_date": ("Tanggal tidak valid (tttt-bb-hh).", "Invalid date (yyyy-mm-dd)."),
    "form_option": ("Pilih salah satu pilihan yang tersedia.", "Pick one of the options."),
    "attachment_required": ("Lampiran ini wajib.", "This attachment is required."),
    "attachment_unknown": (
        "Lampiran ini bukan persyaratan layanan ini.",
        "This attachment is not a requirement of this service.",
    ),
    "attachment_duplicate": ("Lampiran ganda.", "Attachment given twice."),
    "attachment_not_found": (
        "Dokumen lampiran tidak ditemukan di Dokumen Saya.",
        "The attached document is not in your documents.",
    ),
    "attachment_wrong_type": (
        "Jenis dokumen tidak sesuai persyaratan.",
        "The document is not of the required type.",
    ),
    "family_member_not_found": ("Anggota keluarga tidak ditemukan.", "Family member not found."),
    "cursor_invalid": ("Penanda halaman tidak valid.", "Invalid page cursor."),
    "transition_invalid": (
        "Langkah ini tidak dapat dilakukan pada status permohonan saat ini.",
        "This step is not possible in the application's current status.",
    ),
    "application_changed": (
        "Permohonan ini baru saja diubah oleh orang lain. Data terbaru sudah dimuat; periksa "
        "lalu coba lagi.",
        "This application was just changed by someone else. Reload it, check, and try again.",
    ),
    "revision_items_required": (
        "Tuliskan minimal satu hal yang harus diperbaiki.",
        "List at least one thing to fix.",
    ),
    "rejection_reason_required": ("Tuliskan alasan penolakan.", "Give the reason for rejecting."),
    "result_required": (
        "Lampirkan dokumen hasil atau tulis petunjuk pengambilan.",
        "Attach the result document or write pickup instructions.",
    ),
    "result_document_invalid": (
        "Dokumen hasil harus diunggah petugas untuk permohonan ini, bukan dokumen milik "
        "pemohon atau hasil permohonan lain.",
        "The result document must be uploaded by an officer for this application, not the "
        "applicant's own document or another application's result.",
    ),
    "document_in_use": (
        "Dokumen ini dipakai oleh permohonan yang masih berjalan dan belum dapat dihapus.",
        "This document is attached to an open application and cannot be deleted yet.",
    ),
    # catalog (issue 4)
    "service_not_found": (
        "Layanan tidak ditemukan atau sudah tidak tersedia.",
        "Service not found or no longer offered.",
    ),
    "service_not_online": (
        "Layanan ini tidak dapat diajukan dari aplikasi. Silakan datang ke loket.",
        "This service cannot be applied for in the app. Please visit the counter.",
    ),
    "form_not_found": ("Versi formulir tidak ditemukan.", "Form version not found."),
    # jemput bola (issue 10)
    "visit_service_invalid": (
        "Layanan ini tidak tersedia untuk jemput bola.",
        "This service is not offered as a home visit.",
    ),
    "visit_not_elderly": (
        "Alasan lansia hanya untuk yang berusia 60 tahun ke atas. Pilih alasan lain.",
        "The elderly reason is for people aged 60 or over. Choose another reason.",
    ),
    "visit_reason_note": (
        "Jelaskan alasan Anda meminta kunjungan ke rumah.",
        "Please explain why you need a home visit.",
    ),
    "visit_dates": (
        "Pilih dua atau tiga tanggal berbeda, mulai besok, pada hari kerja (bukan hari libur).",
        "Choose two or three different dates, from tomorrow, on working days (not holidays).",
    ),
    "visit_area_not_served": (
        "Belum ada MPP yang melayani jemput bola di kecamatan ini.",
        "No service center offers home visits in this district yet.",
    ),
    "document_not_found": (
        "Dokumen tidak ditemukan di dompet dokumen Anda.",
        "Document not found in your document wallet.",
    ),
    "visit_state": (
        "Kunjungan ini sudah berubah status dan langkah ini tidak dapat dilakukan lagi.",
        "This visit has moved on and this step is no longer possible.",
    ),
    "visit_changed": (
        "Kunjungan ini baru saja diubah. Muat ulang lalu coba lagi.",
        "This visit was just changed. Reload and try again.",
    ),
    "team_day_full": (
        "Jadwal tim pada tanggal ini sudah penuh. Pilih tanggal atau tim lain.",
        "The team's day is full. Choose another date or team.",
    ),
    "cancel_note_required": (
        "Tulis alasan pembatalan untuk warga.",
        "Write the reason for the cancellation for the citizen.",
    ),
    # jemput bola: the field officer's day and steps
    "visit_team_none": (
        "Anda belum tergabung dalam tim jemput bola. Hubungi koordinator MPP.",
        "You are not in a home-visit team yet. Contact the service center's coordinator.",
    ),
    "occurred_in_future": (
        "Waktu ini lebih dari sehari ke depan. Periksa jam dan tanggal perangkat.",
        "This time is more than a day ahead. Check the device's clock and date.",
    ),
    "visit_service_not_listed": (
        "Layanan ini tidak termasuk dalam kunjungan ini.",
        "This service is not part of this visit.",
    ),
    "visit_photo_invalid": (
        "Foto ini bukan foto kunjungan ini. Unggah fotonya lebih dulu.",
        "This photo does not belong to this visit. Upload it first.",
    ),
    "visit_photos_full": (
        "Kunjungan ini sudah memiliki {limit} foto, jumlah terbanyak.",
        "This visit already has {limit} photos, the most it can hold.",
    ),
    "visit_application_filed": (
        "Permohonan untuk layanan ini sudah diajukan pada kunjungan ini.",
        "An application for this service was already filed at this visit.",
    ),
}


def language_of(request: Request) -> str:
    """Pick 'id' or 'en' from Accept-Language by quality; Indonesian when unsure."""
    header = request.headers.get("accept-language", "")
    best, best_q = "id", 0.0
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        lang = tag.strip().lower().split("-")[0]
        try:
            q = float(params.strip()[2:]) if params.strip().startswith("q=") else 1.0
        except ValueError:
            q = 0.0
        if lang in LANGUAGES and q > best_q:
            best, best_q = lang, q
    return best


def message(code: str, lang: str, **params: object) -> str:
    text = MESSAGES.get(code, MESSAGES["invalid"])[LANGUAGES.index(lang)]
    return text.format(**params) if params else text
