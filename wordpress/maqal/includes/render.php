<?php
/**
 * On the site's own posts: Maqal in place of the theme's comment section.
 *
 * The theme still renders its section, exactly as it would (WordPress's comment list, its
 * pagination and its form posting to wp-comments-post.php), and the plugin wraps it in
 * `<maqal-article mode="comments">`: without JavaScript, before the widget arrives, or if it
 * never does, readers read and post through WordPress's own path (moderation, anti-spam, the
 * notification mails, the commenter cookies). Once the widget is ready it takes their place in
 * one frame, keeping what the reader typed (docs/embedding.md, "The page's own comments").
 *
 * Block themes print comments through the Comments block (`render_block` for core/comments),
 * classic themes through comments_template() (the `comments_template` filter): both are wrapped.
 *
 * Where WordPress shows what the widget cannot, the theme's section stays as it is, unwrapped:
 * a password-protected post, a reader who is logged in (they comment with their account), a
 * comment page asked for by its address (/comment-page-2/), and a reader who has comments
 * waiting for moderation on the post (WordPress shows them to their author: the `unapproved`
 * link after posting through the form, or the commenter cookies).
 */

defined( 'ABSPATH' ) || exit;

/** Whether Maqal takes this request's post's comments (decided once, from `wp` on). */
function maqal_here() {
	static $here = null;
	if ( null === $here && did_action( 'wp' ) ) {
		$post = is_singular() && ! is_embed() && ! is_feed() ? get_queried_object() : null;
		$here = $post instanceof WP_Post && maqal_takes( $post );
	}
	return (bool) $here;
}

/** Whether Maqal takes `$post`'s comments for the reader of this request. */
function maqal_takes( WP_Post $post ) {
	if ( ! in_array( $post->post_type, maqal_settings()['post_types'], true ) || null === maqal_rest_base( $post->post_type ) ) {
		return false;
	}
	// What the REST API does not give a reader (drafts, previews, private posts), and what
	// WordPress keeps behind a password, stay WordPress's.
	if ( 'publish' !== $post->post_status || '' !== $post->post_password ) {
		return false;
	}
	// A comment page named by the address (/comment-page-2/, ?cpage=2): as parsed from the
	// request, not the query var, which WordPress also sets itself to the page it shows.
	$asked_page = isset( $GLOBALS['wp']->query_vars['cpage'] ) ? $GLOBALS['wp']->query_vars['cpage'] : '';
	if ( is_user_logged_in() || '' !== (string) $asked_page || maqal_reader_has_held_comments( $post ) ) {
		return false;
	}
	/**
	 * Filters whether Maqal takes the comment section of `$post` on this request.
	 *
	 * @param bool    $takes Whether it does.
	 * @param WP_Post $post  The post shown.
	 */
	return (bool) apply_filters( 'maqal_takes_comments', true, $post );
}

/** The REST base the widget reads a post type from (wp/v2 only), or null. */
function maqal_rest_base( $post_type ) {
	$type = get_post_type_object( $post_type );
	if ( ! $type || ! $type->show_in_rest || ! post_type_supports( $post_type, 'comments' ) ) {
		return null;
	}
	$namespace = isset( $type->rest_namespace ) && $type->rest_namespace ? $type->rest_namespace : 'wp/v2';
	$base      = $type->rest_base ? $type->rest_base : $type->name;
	return 'wp/v2' === $namespace && preg_match( '/^[a-z0-9_-]{1,40}$/', $base ) ? $base : null;
}

/**
 * Whether WordPress would show this reader comments of `$post` held for moderation (their own,
 * by the commenter cookie's email or the `unapproved` link with its hash).
 */
function maqal_reader_has_held_comments( WP_Post $post ) {
	// Whom comments_template() shows held comments to: WordPress 6.1 asks
	// wp_get_unapproved_comment_author_email(), later versions the function that wraps it.
	if ( function_exists( 'wp_get_include_unapproved_comments_argument' ) ) {
		$whom = (array) wp_get_include_unapproved_comments_argument();
	} else {
		$email = function_exists( 'wp_get_unapproved_comment_author_email' ) ? wp_get_unapproved_comment_author_email() : '';
		$whom  = $email ? array( $email ) : array();
	}
	foreach ( $whom as $who ) {
		$whose = is_numeric( $who ) ? array( 'comment__in' => array( (int) $who ) ) : array( 'author_email' => (string) $who );
		$args  = array_merge(
			$whose,
			array(
				'post_id' => $post->ID,
				'status'  => 'hold',
				'count'   => true,
			)
		);
		if ( get_comments( $args ) > 0 ) {
			return true;
		}
	}
	return false;
}

/** `$html` (the theme's comment section of `$post`) inside Maqal's element. */
function maqal_wrap( $html, WP_Post $post ) {
	$settings = maqal_settings();
	$attrs    = array(
		'wordpress' => untrailingslashit( home_url() ),
		'post'      => (string) $post->ID,
		'mode'      => 'comments',
		'page-size' => (string) $settings['page_size'],
	);
	$base = maqal_rest_base( $post->post_type );
	if ( 'posts' !== $base ) {
		$attrs['post-type'] = $base;
	}
	if ( $settings['avatars'] ) {
		$attrs['avatars'] = 'wordpress';
	}
	if ( ! $settings['live'] ) {
		$attrs['live'] = 'off';
	}
	// Settings → Discussion: "Comments should be displayed with the newer comments at the top".
	if ( 'desc' === get_option( 'comment_order' ) ) {
		$attrs['sort'] = 'newest';
	}
	$open = '<maqal-article';
	foreach ( $attrs as $name => $value ) {
		$open .= ' ' . $name . '="' . esc_attr( $value ) . '"';
	}
	$GLOBALS['maqal_wrapped'] = true;
	return $open . '>' . $html . '</maqal-article>';
}

/** Whether the section being rendered is the one of the post this request shows. */
function maqal_is_shown_post( $post_id ) {
	return maqal_here() && (int) $post_id === (int) get_queried_object_id();
}

// Block themes: the Comments block (and the older Post Comments block), rendered by WordPress.
add_filter(
	'render_block',
	function ( $html, $block, $instance = null ) {
		$name = isset( $block['blockName'] ) ? $block['blockName'] : '';
		if ( ( 'core/comments' !== $name && 'core/post-comments' !== $name ) || '' === trim( (string) $html ) ) {
			return $html;
		}
		// Wrapped once: the filter can run more than once on one block's output (WordPress 6.1
		// does so with Twenty Twenty-Three's Comments block), and the older Post Comments block,
		// like the Comments block in its legacy mode, prints comments_template(), which the
		// filter below has wrapped already.
		if ( false !== strpos( $html, '<maqal-article' ) ) {
			return $html;
		}
		$post_id = $instance instanceof WP_Block && isset( $instance->context['postId'] ) ? $instance->context['postId'] : get_the_ID();
		return maqal_is_shown_post( $post_id ) ? maqal_wrap( $html, get_post( $post_id ) ) : $html;
	},
	10,
	3
);

// Classic themes: comments_template() requires the theme's comments.php; ours requires it in turn
// and wraps what it prints.
add_filter(
	'comments_template',
	function ( $template ) {
		if ( ! maqal_is_shown_post( get_the_ID() ) ) {
			return $template;
		}
		$GLOBALS['maqal_theme_comments_template'] = $template;
		return MAQAL_DIR . 'includes/comments-template.php';
	},
	100
);

/** Prints the widget's loader, once (module scripts run after the page is parsed). */
function maqal_print_loader() {
	static $printed = false;
	if ( $printed ) {
		return;
	}
	$printed = true;
	// Versioned by the build inside (its folder's name): after an update no cache serves the
	// loader of a build whose files are gone.
	$builds = glob( MAQAL_DIR . 'dist/*', GLOB_ONLYDIR );
	$src    = add_query_arg( 'ver', $builds ? basename( $builds[0] ) : MAQAL_VERSION, plugins_url( 'dist/maqal.js', MAQAL_FILE ) );
	echo '<script type="module" src="' . esc_url( $src ) . '" id="maqal-js"></script>' . "\n";
}

// The loader in the head where the page will have Maqal's element, so the module downloads with
// the page; never where it will not (the loader starts the module's download at once). A block
// theme has rendered its whole template, Comments block included, before the head is printed, so
// it is known; a classic theme prints its comments after the head, under the condition its
// comments.php (and WordPress's own) uses: comments open, or some to read. Else at the end of the
// page, if a section was wrapped after all. With it, the element's display from the first paint:
// a block, as it will be once the widget runs (unknown to the browser until then, it would be
// inline, and a theme's column rules, such as a block theme's width for its content, would reach
// it only then).
add_action(
	'wp_head',
	function () {
		if ( ! maqal_here() ) {
			return;
		}
		echo "<style id=\"maqal-css\">maqal-article:not([hidden]){display:block}</style>\n";
		$post = get_queried_object();
		$will = function_exists( 'wp_is_block_theme' ) && wp_is_block_theme()
			? ! empty( $GLOBALS['maqal_wrapped'] )
			: comments_open( $post ) || get_comments_number( $post );
		if ( $will ) {
			maqal_print_loader();
		}
	},
	5
);
add_action(
	'wp_footer',
	function () {
		if ( ! empty( $GLOBALS['maqal_wrapped'] ) ) {
			maqal_print_loader();
		}
	}
);
