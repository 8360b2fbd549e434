<?php
/**
 * Settings → Discussion's Moderation and Disallowed Comment Keys, read the Arabic way.
 *
 * WordPress matches both lists with a plain case-insensitive search, so "مـــرحـــبا" (tatweel),
 * "مَرْحَبًا" (harakat), "أهلا" for a listed "اهلا", a Persian ی or ک, "٥٠٠" for a listed "500",
 * or a zero-width or bidi control character between two letters all get past a listed word.
 * Here the listed words and the comment (its author's name, email, website and text, the IP
 * address and browser, as WordPress checks) are both normalized, then matched as WordPress
 * matches them: a listed word anywhere, any case. A comment WordPress would have disallowed is
 * disallowed, one it would have held is held; it applies to every comment WordPress checks: the
 * theme's form, the widget on the site's own posts and on partner sites.
 */

defined( 'ABSPATH' ) || exit;

/**
 * `$text` with what an Arabic spelling varies by (or hides behind) taken out: tatweel, harakat,
 * tanween, superscript alef and Quranic marks removed; presentation forms to their letters (all
 * of Presentation Forms-B, and Forms-A's alef wasla, keheh and Farsi yeh);
 * alef forms to ا, ى to ي, Persian ی and ک to ي and ك; Arabic-Indic and Persian digits to ASCII;
 * zero-width and bidi control characters removed. Text that is not valid UTF-8 is left as it is.
 */
function maqal_normalize_arabic( $text ) {
	static $letters = null;
	if ( null === $letters ) {
		$letters = maqal_arabic_letter_map();
	}
	$text = (string) $text;
	// Bytes that are not UTF-8 would make every match below fail (and the comment pass): dropped.
	if ( ! preg_match( '//u', $text ) ) {
		$text = function_exists( 'iconv' ) ? (string) @iconv( 'UTF-8', 'UTF-8//IGNORE', $text ) : (string) preg_replace( '/[\x80-\xFF]/', '', $text );
	}
	// A hamza or madda written as a mark after its letter, composed as one letter first (as
	// they are usually typed), so the marks' removal below leaves ئ, ؤ, أ and not their bases.
	$text = strtr(
		$text,
		array(
			"\u{064A}\u{0654}" => 'ئ',
			"\u{0649}\u{0654}" => 'ئ',
			"\u{0648}\u{0654}" => 'ؤ',
			"\u{0627}\u{0654}" => 'أ',
			"\u{0627}\u{0655}" => 'إ',
			"\u{0627}\u{0653}" => 'آ',
		)
	);
	// Zero-width, bidi and other invisible controls (and the soft hyphen, the combining grapheme
	// joiner, the Arabic letter mark, variation selectors and tag characters).
	$out = preg_replace( '/[\x{00AD}\x{034F}\x{061C}\x{115F}\x{1160}\x{180E}\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2060}-\x{2064}\x{2066}-\x{206F}\x{FE00}-\x{FE0F}\x{FEFF}\x{E0000}-\x{E007F}\x{E0100}-\x{E01EF}]/u', '', $text );
	// Tatweel; harakat, tanween, shadda, sukun and the other combining marks of the Arabic
	// blocks; superscript alef; Quranic annotation marks; their presentation forms (FE70–FE7F,
	// and the spacing shadda ligatures FC5E–FC63).
	$out = null === $out ? null : preg_replace( '/[\x{0610}-\x{061A}\x{0640}\x{064B}-\x{065F}\x{0670}\x{06D6}-\x{06DC}\x{06DF}-\x{06E8}\x{06EA}-\x{06ED}\x{08D3}-\x{08E1}\x{08E3}-\x{08FF}\x{FC5E}-\x{FC63}\x{FE70}-\x{FE7F}]/u', '', $out );
	return null === $out ? $text : strtr( $out, $letters );
}

/** What maqal_normalize_arabic() maps, character to character(s). */
function maqal_arabic_letter_map() {
	$map = array(
		'أ' => 'ا',
		'إ' => 'ا',
		'آ' => 'ا',
		'ٱ' => 'ا',
		'ٲ' => 'ا',
		'ٳ' => 'ا',
		'ى' => 'ي',
		'ی' => 'ي',
		'ک' => 'ك',
	);
	// Presentation forms A of what is mapped above: alef wasla, keheh, Farsi yeh.
	foreach ( array( array( 0xFB50, 2, 'ا' ), array( 0xFB8E, 4, 'ك' ), array( 0xFBFC, 4, 'ي' ) ) as $range ) {
		for ( $i = 0; $i < $range[1]; $i++ ) {
			$map[ maqal_chr( $range[0] + $i ) ] = $range[2];
		}
	}
	// Arabic-Indic (٠–٩) and Persian/Urdu (۰–۹) digits.
	for ( $d = 0; $d <= 9; $d++ ) {
		$map[ maqal_chr( 0x0660 + $d ) ] = (string) $d;
		$map[ maqal_chr( 0x06F0 + $d ) ] = (string) $d;
	}
	// Presentation forms B (FE80–FEFC): each letter's isolated, final (initial, medial) forms in
	// order, then the lam-alef ligatures. Mapped to the letter, then its own mapping above.
	$forms = array(
		array( 'ء', 1 ), array( 'آ', 2 ), array( 'أ', 2 ), array( 'ؤ', 2 ), array( 'إ', 2 ), array( 'ئ', 4 ),
		array( 'ا', 2 ), array( 'ب', 4 ), array( 'ة', 2 ), array( 'ت', 4 ), array( 'ث', 4 ), array( 'ج', 4 ),
		array( 'ح', 4 ), array( 'خ', 4 ), array( 'د', 2 ), array( 'ذ', 2 ), array( 'ر', 2 ), array( 'ز', 2 ),
		array( 'س', 4 ), array( 'ش', 4 ), array( 'ص', 4 ), array( 'ض', 4 ), array( 'ط', 4 ), array( 'ظ', 4 ),
		array( 'ع', 4 ), array( 'غ', 4 ), array( 'ف', 4 ), array( 'ق', 4 ), array( 'ك', 4 ), array( 'ل', 4 ),
		array( 'م', 4 ), array( 'ن', 4 ), array( 'ه', 4 ), array( 'و', 2 ), array( 'ى', 2 ), array( 'ي', 4 ),
		array( 'لآ', 2 ), array( 'لأ', 2 ), array( 'لإ', 2 ), array( 'لا', 2 ),
	);
	$code = 0xFE80;
	foreach ( $forms as $form ) {
		for ( $i = 0; $i < $form[1]; $i++ ) {
			$map[ maqal_chr( $code++ ) ] = strtr( $form[0], $map );
		}
	}
	return $map;
}

/** The UTF-8 encoding of a code point below U+10000 (no mbstring needed). */
function maqal_chr( $code ) {
	if ( $code < 0x80 ) {
		return chr( $code );
	}
	if ( $code < 0x800 ) {
		return chr( 0xC0 | ( $code >> 6 ) ) . chr( 0x80 | ( $code & 0x3F ) );
	}
	return chr( 0xE0 | ( $code >> 12 ) ) . chr( 0x80 | ( ( $code >> 6 ) & 0x3F ) ) . chr( 0x80 | ( $code & 0x3F ) );
}

/**
 * Whether one of the words of `$list` (an option's text, one word or phrase a line), normalized,
 * is in one of `$fields` (normalized already, once for both lists): WordPress's own match
 * (anywhere, any case) on what the words mean.
 */
function maqal_listed( $list, array $fields ) {
	foreach ( explode( "\n", (string) $list ) as $word ) {
		$word = trim( maqal_normalize_arabic( trim( $word ) ) );
		if ( '' === $word ) {
			continue;
		}
		$pattern = '#' . preg_quote( $word, '#' ) . '#iu';
		foreach ( $fields as $field ) {
			if ( '' !== $field && preg_match( $pattern, $field ) ) {
				return true;
			}
		}
	}
	return false;
}

// After WordPress's own checks (wp_allow_comment() applies this filter last), before anti-spam
// plugins decide on theirs: a comment WordPress approved or held is checked again, normalized.
add_filter(
	'pre_comment_approved',
	function ( $approved, $commentdata ) {
		if ( is_wp_error( $approved ) || ! in_array( (string) $approved, array( '0', '1' ), true ) ) {
			return $approved;
		}
		// "The author and the admins get respect" (wp_allow_comment()): never checked.
		$user_id = isset( $commentdata['user_id'] ) ? (int) $commentdata['user_id'] : 0;
		if ( $user_id ) {
			$user = get_userdata( $user_id );
			$post = get_post( isset( $commentdata['comment_post_ID'] ) ? (int) $commentdata['comment_post_ID'] : 0 );
			if ( $user && ( ( $post && (int) $post->post_author === $user_id ) || $user->has_cap( 'moderate_comments' ) ) ) {
				return $approved;
			}
		}
		$fields = array();
		foreach ( array( 'comment_author', 'comment_author_email', 'comment_author_url', 'comment_content', 'comment_author_IP', 'comment_agent' ) as $key ) {
			$fields[] = maqal_normalize_arabic( isset( $commentdata[ $key ] ) ? (string) $commentdata[ $key ] : '' );
		}
		if ( maqal_listed( get_option( 'disallowed_keys' ), $fields ) ) {
			return EMPTY_TRASH_DAYS ? 'trash' : 'spam';
		}
		if ( '1' === (string) $approved && maqal_listed( get_option( 'moderation_keys' ), $fields ) ) {
			return 0;
		}
		return $approved;
	},
	5,
	2
);
