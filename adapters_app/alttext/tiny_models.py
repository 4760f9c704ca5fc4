"""Tiny random models saved the way real ones are, so that the model engine's loading, batching and
generation code runs here without a model hub: the tests and ``bench/alt_text.py`` build them in a
temporary folder. Their words are random; what they prove is the plumbing.

- :func:`save_tiny_captioner`: a vision-encoder-decoder (ViT encoder, GPT-2 decoder with
  cross-attention) with a ViT image processor and a character-level tokenizer.
- :func:`save_tiny_translator`: a Marian seq2seq model whose tokenizer knows M2M100's language tokens
  (``__de__`` …), so the target language is forced as in a real multilingual model.
"""

import string
from pathlib import Path

from ..lab.tokenizer import character_tokenizer

CHARACTERS = string.ascii_lowercase + string.digits + " .,-"
LANGUAGE_TOKENS = ["__en__", "__de__", "__fr__", "__es__", "__ja__", "__zh__", "__ar__"]


def save_tiny_captioner(folder, image_size=32, hidden=32, seed=0):
    import torch
    from transformers import (
        GPT2Config,
        ViTConfig,
        ViTImageProcessor,
        VisionEncoderDecoderConfig,
        VisionEncoderDecoderModel,
    )

    torch.manual_seed(seed)
    folder = Path(folder)
    tokenizer = character_tokenizer(CHARACTERS, end_with_eos=True)
    encoder = ViTConfig(image_size=image_size, patch_size=8, hidden_size=hidden, num_hidden_layers=1,
                        num_attention_heads=2, intermediate_size=hidden * 2)
    decoder = GPT2Config(vocab_size=len(tokenizer), n_positions=64, n_embd=hidden, n_layer=1, n_head=2,
                         add_cross_attention=True, is_decoder=True, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)
    config = VisionEncoderDecoderConfig.from_encoder_decoder_configs(encoder, decoder)
    config.decoder_start_token_id = tokenizer.bos_token_id
    config.pad_token_id = tokenizer.pad_token_id
    config.eos_token_id = tokenizer.eos_token_id
    model = VisionEncoderDecoderModel(config=config)
    model.generation_config.decoder_start_token_id = tokenizer.bos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.suppress_tokens = never_generated(tokenizer)
    model.save_pretrained(folder)
    ViTImageProcessor(size={"height": image_size, "width": image_size}).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def save_tiny_translator(folder, hidden=32, seed=0):
    import torch
    from transformers import MarianConfig, MarianMTModel

    torch.manual_seed(seed)
    folder = Path(folder)
    tokenizer = character_tokenizer(CHARACTERS, LANGUAGE_TOKENS, end_with_eos=True)
    config = MarianConfig(vocab_size=len(tokenizer), d_model=hidden, encoder_layers=1, decoder_layers=1,
                          encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=hidden * 2,
                          decoder_ffn_dim=hidden * 2, max_position_embeddings=256,
                          pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                          bos_token_id=tokenizer.bos_token_id, decoder_start_token_id=tokenizer.pad_token_id,
                          forced_eos_token_id=tokenizer.eos_token_id)
    model = MarianMTModel(config)
    model.generation_config.suppress_tokens = never_generated(tokenizer)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def never_generated(tokenizer):
    """Padding, start and unknown tokens: a random model would otherwise often write nothing readable."""
    return [tokenizer.pad_token_id, tokenizer.bos_token_id, tokenizer.unk_token_id]
