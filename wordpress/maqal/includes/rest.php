<?php
/**
 * Comments from the widget through the REST API, treated as the site's own form treats its
 * comments, and the public discussion settings the widget's form follows.
 *
 * WordPress accepts anonymous comments through wp-comments-post.php but, by default, not through
 * POST /wp/v2/comments: the widget (on the site's own posts, and on partner sites' pages if the
 * owner allows it) needs exactly that switch. Everything else stays as Settings → Discussion
 * says: moderation, required name and email, closed comments, flood and duplicate checks, the
 * comment lists (read the Arabic way too, moderation.php).
 */

defined( 'ABSPATH' ) || exit;

add_filter( 'rest_allow_anonymous_comments', 'maqal_allow_anonymous_comments', 10, 2 );

/**
 * Whether the earlier one-file must-use plugin is still installed: it runs the same two steps
 * below, so they are left to it (else anti-spam would check each comment twice and every mail
 * would go out twice), and the owner is asked to delete it.
 */
function maqal_old_plugin_present() {
	return defined( 'WPMU_PLUGIN_DIR' ) && file_exists( WPMU_PLUGIN_DIR . '/maqal-anonymous-comments.php' );
}

add_action(
	'admin_notices',
	function () {
		if ( maqal_old_plugin_present() && current_user_can( 'manage_options' ) ) {
			echo '<div class="notice notice-warning"><p>' . esc_html__( 'Maqal: delete wp-content/mu-plugins/maqal-anonymous-comments.php; this plugin does what it did.', 'maqal' ) . '</p></div>';
		}
	}
);

/**
 * Anonymous comments through the REST API: from this site's own pages always (the widget in
 * place of the theme's comments), from other sites' pages when the owner allows partner sites.
 * A browser names the page's origin in `Origin` on every POST it sends; a request without one is
 * not a page's (a script, which can send anything, as it can to WordPress's own form).
 */
function maqal_allow_anonymous_comments( $allow, $request = null ) {
	$origin = $request instanceof WP_REST_Request ? (string) $request->get_header( 'origin' ) : '';
	if ( '' === $origin || maqal_settings()['partner_comments'] ) {
		return true;
	}
	return maqal_is_own_origin( $origin );
}

/** Whether `$origin` (scheme://host[:port]) is this site's own (its home or its WordPress address). */
function maqal_is_own_origin( $origin ) {
	$own = function ( $url ) {
		$parts = wp_parse_url( $url );
		if ( empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
			return '';
		}
		return strtolower( $parts['scheme'] . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' ) );
	};
	$origin = strtolower( rtrim( $origin, '/' ) );
	return in_array( $origin, array( $own( home_url() ), $own( site_url() ) ), true );
}

// The REST API stores a comment with wp_insert_comment(), not wp_new_comment(): without these
// two steps, anti-spam plugins (Akismet and the like, on `preprocess_comment`) never see a
// comment from the widget, and nobody is told of it (WordPress mails moderators and post
// authors from `comment_post`). Held comments would pile up unseen.

// Before WordPress decides whether to approve it (wp_allow_comment() runs after this filter):
// the same pre-processing a comment from the site's own form gets.
// Only for a new comment: the REST API prepares an update (a moderator's edit) the same way.
add_filter(
	'rest_preprocess_comment',
	function ( $prepared_comment, $request = null ) {
		if ( ! is_array( $prepared_comment ) || maqal_old_plugin_present() || ( $request instanceof WP_REST_Request && ! empty( $request['id'] ) ) ) {
			return $prepared_comment;
		}
		return apply_filters( 'preprocess_comment', $prepared_comment );
	},
	10,
	2
);

// Once it is stored: what follows a comment from the site's own form (the moderator's
// "please moderate" mail, the post author's notice, anything else hooked there), once.
add_action(
	'rest_insert_comment',
	function ( $comment, $request, $creating ) {
		static $told = array();
		if ( ! $creating || ! $comment instanceof WP_Comment || isset( $told[ $comment->comment_ID ] ) || maqal_old_plugin_present() ) {
			return;
		}
		$told[ $comment->comment_ID ] = true;
		// As wp_new_comment() passes it: 1 or 0 as integers, 'spam' or 'trash' as they are.
		$approved = is_numeric( $comment->comment_approved ) ? (int) $comment->comment_approved : $comment->comment_approved;
		do_action( 'comment_post', (int) $comment->comment_ID, $approved, $comment->to_array() );
	},
	10,
	3
);

// The site's discussion settings, with each post the widget reads, so its form asks for what
// this site asks for, threads replies as deeply as the site does and closes when WordPress would.
// Public settings only.
add_action(
	'rest_api_init',
	function () {
		// Posts, and the other types Maqal takes (pages, custom types with comments).
		register_rest_field(
			array_values( array_unique( array_merge( array( 'post' ), maqal_settings()['post_types'] ) ) ),
			'maqal_discussion',
			array(
				'get_callback' => function ( $post ) {
					return array(
						'require_name_email' => (bool) get_option( 'require_name_email' ),
						'thread_depth'       => get_option( 'thread_comments' ) ? (int) get_option( 'thread_comments_depth' ) : 1,
						'accounts_only'      => (bool) get_option( 'comment_registration' ),
						// comments_open(), not the post's raw comment_status: also false once the
						// post is older than "close comments on posts older than N days".
						'open'               => comments_open( $post['id'] ),
						// The post's language (BCP 47), where the site says it: a multilingual
						// site can return it from this filter (Polylang's pll_get_post_language(),
						// WPML's wpml_post_language_details). Without it the widget reads the
						// direction from the text itself.
						'lang'               => apply_filters( 'maqal_post_language', null, $post['id'] ),
					);
				},
				'schema'       => array(
					'description' => 'What the comment form asks for, how deeply replies nest, whether comments are open, and the language.',
					'type'        => 'object',
					'context'     => array( 'view' ),
					'readonly'    => true,
				),
			)
		);
	}
);
