<?php
/**
 * Seeds a throwaway WordPress for the tests and the demo: `php wordpress-seed.php WP_DIR REPO_DIR`.
 * Prints one JSON object with the ids the tests need. Runs inside WordPress (wp-load.php).
 */

$_SERVER['HTTP_HOST']   = 'localhost';
$_SERVER['REQUEST_URI'] = '/';
require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/image.php';

$repo = $argv[2];
// An administrator writes the posts, so their markup is stored as written (script and iframe
// included): the widget's sanitizer is what must stop them.
wp_set_current_user( 1 );
update_option( 'comment_moderation', 0 );
update_option( 'comment_previously_approved', 0 );
update_option( 'thread_comments', 1 );
update_option( 'thread_comments_depth', 5 );

$seed      = json_decode( file_get_contents( $repo . '/demo/articles/telegram.json' ), true );
$paragraph = function ( $html ) {
	return "<!-- wp:paragraph -->\n<p>" . $html . "</p>\n<!-- /wp:paragraph -->";
};

// The lead image: a real JPEG in the uploads folder, as the media library stores one.
$uploads = wp_upload_dir( '2016/02' );
$file    = $uploads['path'] . '/telegram.jpg';
$image   = imagecreatetruecolor( 1200, 630 );
imagefill( $image, 0, 0, imagecolorallocate( $image, 34, 158, 217 ) );
imagefilledellipse( $image, 600, 315, 420, 420, imagecolorallocate( $image, 255, 255, 255 ) );
imagejpeg( $image, $file, 80 );
$media = wp_insert_attachment(
	array(
		'post_title'     => 'telegram',
		'post_excerpt'   => $seed['image']['caption'],
		'post_mime_type' => 'image/jpeg',
		'post_status'    => 'inherit',
	),
	$file
);
wp_update_attachment_metadata( $media, wp_generate_attachment_metadata( $media, $file ) );
update_post_meta( $media, '_wp_attachment_image_alt', $seed['image']['description'] );

$category = wp_insert_term( $seed['articleSection'], 'category', array( 'slug' => 'reports' ) );
$body     = array_map( $paragraph, array_map( 'esc_html', explode( "\n\n", $seed['articleBody'] ) ) );
$body[]   = $paragraph( 'المصدر: <a href="https://techcrunch.com/">TechCrunch</a>' );

$make_post = function ( $fields ) {
	return wp_insert_post(
		array_merge(
			array(
				'post_status'    => 'publish',
				'post_author'    => 1,
				'comment_status' => 'open',
			),
			$fields
		),
		true
	);
};

$ids         = array();
$ids['seed'] = $make_post(
	array(
		'post_title'    => $seed['headline'],
		'post_name'     => 'telegram-12-billion',
		'post_content'  => implode( "\n\n", $body ),
		'post_date'     => '2016-02-23 10:00:00',
		'post_date_gmt' => '2016-02-23 08:00:00',
		'post_category' => array( $category['term_id'] ),
	)
);
set_post_thumbnail( $ids['seed'], $media );
wp_insert_comment(
	array(
		'comment_post_ID'  => $ids['seed'],
		'comment_author'   => '',
		'comment_content'  => $seed['comment'][0]['text'],
		'comment_approved' => 1,
		'comment_date'     => '2016-02-24 09:30:00',
		'comment_date_gmt' => '2016-02-24 07:30:00',
	)
);

$image_url   = wp_get_attachment_url( $media );
$ids['rich'] = $make_post(
	array(
		'post_title'   => 'Rich &amp; “quoted” content',
		'post_name'    => 'rich-content',
		'post_content' => implode(
			"\n\n",
			array(
				'<h2>A heading</h2>',
				'<p>Text with <strong>bold</strong>, <em>emphasis</em>, <a href="https://example.org/out">an external link</a>, <a href="https://example.org/ad" rel="sponsored nofollow opener">an advert</a> and <a href="javascript:alert(1)" onclick="alert(2)">a bad one</a>.</p>',
				'<ul><li>First</li><li>Second</li></ul>',
				'<blockquote class="wp-block-quote"><p>A quotation.</p><cite>Someone</cite></blockquote>',
				'<figure class="wp-block-image"><img src="' . esc_url( $image_url ) . '" alt="A blue circle" width="1200" height="630" onerror="window.pwned=1" /><figcaption>The caption</figcaption></figure>',
				'<pre class="wp-block-code"><code>fn main() {}</code></pre>',
				'<figure class="wp-block-table"><table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody><tr><td>a</td><td>1</td></tr></tbody></table></figure>',
				'<figure class="wp-block-embed"><div class="wp-block-embed__wrapper"><iframe title="A video" src="https://www.youtube.com/embed/abc123" width="560" height="315"></iframe></div></figure>',
				'<script>window.pwned = 2;</script><style>body { display: none }</style>',
				'<form action="https://evil.example/"><input name="x" /></form>',
				'<p><img src="data:image/png;base64,AAAA" alt="data image" /><img src="javascript:alert(1)" alt="script image" /></p>',
			)
		),
	)
);

$ids['closed'] = $make_post(
	array(
		'post_title'     => 'Comments are closed here',
		'post_name'      => 'closed-post',
		'post_content'   => '<p>Nothing to add.</p>',
		'comment_status' => 'closed',
	)
);
wp_insert_comment(
	array(
		'comment_post_ID'  => $ids['closed'],
		'comment_author'   => 'Early bird',
		'comment_content'  => 'Written before comments were closed.',
		'comment_approved' => 1,
	)
);

$ids['protected'] = $make_post(
	array(
		'post_title'    => 'Members only',
		'post_name'     => 'protected-post',
		'post_content'  => '<p>Secret.</p>',
		'post_password' => 'secret',
	)
);
$ids['private']   = $make_post(
	array(
		'post_title'   => 'Private notes',
		'post_name'    => 'private-post',
		'post_content' => '<p>Private.</p>',
		'post_status'  => 'private',
	)
);

// A long thread: 100 top-level comments and 50 replies, some of them three levels deep.
$ids['thread'] = $make_post(
	array(
		'post_title'   => 'A long discussion',
		'post_name'    => 'long-thread',
		'post_content' => '<p>Many people have something to say.</p>',
	)
);
$start = strtotime( '2020-01-01 00:00:00' );
$top   = array();
for ( $i = 1; $i <= 100; $i++ ) {
	$top[ $i ] = wp_insert_comment(
		array(
			'comment_post_ID'  => $ids['thread'],
			'comment_author'   => "Reader $i",
			'comment_content'  => "Top-level comment $i",
			'comment_approved' => 1,
			'comment_date_gmt' => gmdate( 'Y-m-d H:i:s', $start + $i * 60 ),
			'comment_date'     => gmdate( 'Y-m-d H:i:s', $start + $i * 60 ),
		)
	);
}
$last = 0;
for ( $j = 1; $j <= 50; $j++ ) {
	// Replies 1–8 answer comment 1 (more than the five shown), then one each, every fifth deeper.
	$parent = $j <= 8 ? $top[1] : ( 0 === $j % 5 && $last ? $last : $top[ $j ] );
	$last   = wp_insert_comment(
		array(
			'comment_post_ID'  => $ids['thread'],
			'comment_parent'   => $parent,
			'comment_author'   => "Replier $j",
			'comment_content'  => "Reply $j",
			'comment_approved' => 1,
			'comment_date_gmt' => gmdate( 'Y-m-d H:i:s', $start + 10000 + $j * 60 ),
			'comment_date'     => gmdate( 'Y-m-d H:i:s', $start + 10000 + $j * 60 ),
		)
	);
}

// An empty post for posting tests.
$ids['open'] = $make_post(
	array(
		'post_title'   => 'Say something',
		'post_name'    => 'open-post',
		'post_content' => '<p>Comments welcome.</p>',
	)
);

// Bodies an excerpt must still cut: a gallery, one paragraph of 4000 characters, paragraphs
// that hold only a right-to-left mark or a zero-width space (as Arabic editors leave them).
$gallery        = str_repeat( '<figure class="wp-block-image"><img src="' . esc_url( $image_url ) . '" alt="" width="1200" height="630" /></figure>', 8 );
$ids['gallery'] = $make_post(
	array(
		'post_title'   => 'A gallery',
		'post_name'    => 'gallery-post',
		'post_content' => '<figure class="wp-block-gallery">' . $gallery . '</figure><p>After the gallery.</p>',
	)
);
$ids['long']    = $make_post(
	array(
		'post_title'   => 'One long paragraph',
		'post_name'    => 'long-paragraph',
		'post_content' => '<p>' . str_repeat( 'كلمة طويلة ', 400 ) . '</p><p>Second.</p>',
	)
);
$ids['marks']   = $make_post(
	array(
		'post_title'   => 'Empty-looking paragraphs',
		'post_name'    => 'marks-post',
		'post_content' => "<p>\u{200F}</p><p>&#8203;</p><p>One.</p><p>&rlm; </p><p>Two.</p><p>Three.</p><p>Four.</p>",
	)
);

// A headline that starts with a brand: the post is still Arabic, right-to-left.
$ids['latinFirst'] = $make_post(
	array(
		'post_title'   => 'iPhone 16 يصل إلى الأسواق العربية',
		'post_name'    => 'latin-first',
		'post_content' => '<p>أعلنت شركة Apple اليوم عن وصول هاتفها الجديد إلى المتاجر في المنطقة.</p>',
	)
);
// The classic editor: no block markup, lines as typed; wpautop() makes <p> and <br /> of them.
$ids['classic'] = $make_post(
	array(
		'post_title'   => 'من المحرر الكلاسيكي',
		'post_name'    => 'classic-post',
		'post_content' => "السطر الأول\nالسطر الثاني\n\nفقرة ثانية",
	)
);
// What a publisher's own markup carries: a table of contents (anchors and ids), a link relative
// to the post, an English quotation marked left-to-right in an Arabic post, and a comment with
// smileys and a link to a place.
$ids['marked'] = $make_post(
	array(
		'post_title'   => 'فهرس ومراجع',
		'post_name'    => 'marked-post',
		'post_content' => implode(
			"\n\n",
			array(
				'<p><a href="#part-2">إلى القسم الثاني</a> <a href="#gone">قسم حُذف</a></p>',
				'<p>' . str_repeat( 'نص طويل يملأ الصفحة. ', 300 ) . '</p>',
				'<h2 id="part-2">القسم الثاني</h2>',
				'<blockquote><p dir="ltr">"Privacy is not an option." — Pavel Durov</p></blockquote>',
				'<p>انظر <a href="/telegram-12-billion/">المقال السابق</a>.</p>',
			)
		),
	)
);
wp_insert_comment(
	array(
		'comment_post_ID'  => $ids['marked'],
		'comment_author'   => 'Smiley',
		// :) is an emoji character to WordPress, :mrgreen: an image (alt ":mrgreen:"); a link to a
		// place, which a comment does not have.
		'comment_content'  => 'شكرًا :) :mrgreen: <a href="#/settings">هنا</a>',
		'comment_approved' => 1,
	)
);

$app            = WP_Application_Passwords::create_new_application_password( 1, array( 'name' => 'maqal-tests' ) );
$ids['appUser'] = 'admin';
$ids['appPass'] = is_wp_error( $app ) ? null : $app[0];
echo wp_json_encode( $ids );
